-- d5e6f7a8b9c0: add subscriptions table
-- downgrade on PostgreSQL; parents: c4d5e6f7a8b9

-- Drop table subscriptions
DROP TABLE subscriptions;

-- Drop enum BillingInterval
DROP TYPE billinginterval;

-- Drop enum SubscriptionStatus
DROP TYPE subscriptionstatus;

-- Drop enum SubscriptionTier
DROP TYPE subscription_tier;
