-- d2e3f4a5b6c7: Add organization tier to UserTier and subscription_tier enums.
-- upgrade on PostgreSQL; parents: c1d2e3f4a5b6

-- Enum UserTier: add label organization
-- pschema:no-transaction
ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'organization' AFTER 'team';

-- Enum SubscriptionTier: add label organization
-- pschema:no-transaction
ALTER TYPE subscription_tier ADD VALUE IF NOT EXISTS 'organization' AFTER 'team';
