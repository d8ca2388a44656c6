-- d9e0f1a2b3c4: Rename starter tier to solo.
-- upgrade on PostgreSQL; parents: c8d9e0f1a2b3

-- Enum UserTier: add label solo
-- pschema:no-transaction
ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'solo' AFTER 'team';

-- Enum SubscriptionTier: add label solo
-- pschema:no-transaction
ALTER TYPE subscription_tier ADD VALUE IF NOT EXISTS 'solo' AFTER 'enterprise';

-- Alembic's data step, in the transaction that runs after the two labels were
-- added above (Alembic used 'solo' in the transaction that added it, and never
-- added it to subscription_tier). On PostgreSQL users.tier can only hold the
-- type's labels, so 'starter' is the one to move.
-- pschema:data
UPDATE users SET tier = 'solo' WHERE tier = 'starter';

UPDATE subscriptions SET tier = 'solo' WHERE tier = 'starter';
-- pschema:end-data
