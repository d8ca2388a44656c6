-- c1d2e3f4a5b6: Remove enterprise tier — migrate enterprise users to team.
-- downgrade on PostgreSQL; parents: a4b5c6d7e8f9, b1c2d3e4f5a6

-- Enum SubscriptionTier: labels removed or reordered; swap the type
ALTER TYPE subscription_tier RENAME TO subscription_tier_old;

CREATE TYPE subscription_tier AS ENUM ('free', 'starter', 'professional', 'team', 'enterprise', 'solo');

ALTER TABLE subscriptions ALTER COLUMN tier TYPE subscription_tier USING tier::text::subscription_tier;

DROP TYPE subscription_tier_old;

-- Enum UserTier: label free is now FREE
ALTER TYPE usertier RENAME VALUE 'free' TO 'FREE';

-- Enum UserTier: label professional is now PROFESSIONAL
ALTER TYPE usertier RENAME VALUE 'professional' TO 'PROFESSIONAL';

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('FREE', 'PROFESSIONAL', 'ENTERPRISE', 'starter', 'team', 'solo');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;
