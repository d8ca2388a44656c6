-- d2e3f4a5b6c7: Add organization tier to UserTier and subscription_tier enums.
-- downgrade on PostgreSQL; parents: c1d2e3f4a5b6

-- Enum SubscriptionTier: labels removed or reordered; swap the type
ALTER TYPE subscription_tier RENAME TO subscription_tier_old;

CREATE TYPE subscription_tier AS ENUM ('free', 'solo', 'professional', 'team');

ALTER TABLE subscriptions ALTER COLUMN tier TYPE subscription_tier USING tier::text::subscription_tier;

DROP TYPE subscription_tier_old;

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('free', 'solo', 'professional', 'team');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;
