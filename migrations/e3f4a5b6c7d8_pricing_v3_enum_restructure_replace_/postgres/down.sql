-- e3f4a5b6c7d8: Pricing v3 enum restructure — replace team/organization with enterprise.
-- downgrade on PostgreSQL; parents: d2e3f4a5b6c7

-- pschema:data
-- e3f4a5b6c7d8 downgrade: enterprise rows move to solo before the label goes (Alembic's downgrade).
UPDATE users SET tier = 'solo' WHERE tier = 'enterprise';
UPDATE subscriptions SET tier = 'solo' WHERE tier = 'enterprise';
-- pschema:end-data

-- Enum SubscriptionTier: labels removed or reordered; swap the type
ALTER TYPE subscription_tier RENAME TO subscription_tier_old;

CREATE TYPE subscription_tier AS ENUM ('free', 'solo', 'professional', 'team', 'organization');

ALTER TABLE subscriptions ALTER COLUMN tier TYPE subscription_tier USING tier::text::subscription_tier;

DROP TYPE subscription_tier_old;

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('free', 'solo', 'professional', 'team', 'organization');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;
