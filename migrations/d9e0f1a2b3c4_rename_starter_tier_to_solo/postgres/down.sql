-- d9e0f1a2b3c4: Rename starter tier to solo.
-- downgrade on PostgreSQL; parents: c8d9e0f1a2b3

-- Alembic's downgrade: solo users and subscriptions go back to starter, before
-- the label is removed (which pschema refuses while a row holds it).
-- pschema:data
UPDATE users SET tier = 'starter' WHERE tier = 'solo';

UPDATE subscriptions SET tier = 'starter' WHERE tier = 'solo';
-- pschema:end-data

-- Enum SubscriptionTier: labels removed or reordered; swap the type
ALTER TYPE subscription_tier RENAME TO subscription_tier_old;

CREATE TYPE subscription_tier AS ENUM ('free', 'starter', 'professional', 'team', 'enterprise');

ALTER TABLE subscriptions ALTER COLUMN tier TYPE subscription_tier USING tier::text::subscription_tier;

DROP TYPE subscription_tier_old;

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('FREE', 'PROFESSIONAL', 'ENTERPRISE', 'starter', 'team');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;
