-- e3f4a5b6c7d8: Pricing v3 enum restructure — replace team/organization with enterprise.
-- upgrade on PostgreSQL; parents: d2e3f4a5b6c7

-- pschema:data
-- e3f4a5b6c7d8: team and organization users and subscriptions move to solo before the labels go
-- (Alembic's UPDATEs; the rows hold the type's lower-case labels here).
UPDATE users SET tier = 'solo' WHERE tier IN ('team', 'organization');
UPDATE subscriptions SET tier = 'solo' WHERE tier IN ('team', 'organization');
-- pschema:end-data

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('free', 'solo', 'professional', 'enterprise');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;

-- Enum SubscriptionTier: labels removed or reordered; swap the type
ALTER TYPE subscription_tier RENAME TO subscription_tier_old;

CREATE TYPE subscription_tier AS ENUM ('free', 'solo', 'professional', 'enterprise');

ALTER TABLE subscriptions ALTER COLUMN tier TYPE subscription_tier USING tier::text::subscription_tier;

DROP TYPE subscription_tier_old;
