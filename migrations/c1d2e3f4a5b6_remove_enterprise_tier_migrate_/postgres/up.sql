-- c1d2e3f4a5b6: Remove enterprise tier — migrate enterprise users to team.
-- upgrade on PostgreSQL; parents: a4b5c6d7e8f9, b1c2d3e4f5a6

-- Alembic's data step, first: enterprise users and subscriptions become team.
-- usertier's label is 'ENTERPRISE' (Alembic's 'enterprise' is no label of it
-- and fails); subscription_tier's is 'enterprise'.
-- pschema:data
UPDATE users SET tier = 'team' WHERE tier = 'ENTERPRISE';

UPDATE subscriptions SET tier = 'team' WHERE tier = 'enterprise';
-- pschema:end-data

-- Enum UserTier: label FREE is now free
ALTER TYPE usertier RENAME VALUE 'FREE' TO 'free';

-- Enum UserTier: label PROFESSIONAL is now professional
ALTER TYPE usertier RENAME VALUE 'PROFESSIONAL' TO 'professional';

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('free', 'solo', 'professional', 'team');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;

-- Enum SubscriptionTier: labels removed or reordered; swap the type
ALTER TYPE subscription_tier RENAME TO subscription_tier_old;

CREATE TYPE subscription_tier AS ENUM ('free', 'solo', 'professional', 'team');

ALTER TABLE subscriptions ALTER COLUMN tier TYPE subscription_tier USING tier::text::subscription_tier;

DROP TYPE subscription_tier_old;
