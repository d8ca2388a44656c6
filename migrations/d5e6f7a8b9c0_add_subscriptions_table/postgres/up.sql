-- d5e6f7a8b9c0: add subscriptions table
-- upgrade on PostgreSQL; parents: c4d5e6f7a8b9

-- Create enum SubscriptionTier
CREATE TYPE subscription_tier AS ENUM ('free', 'starter', 'professional', 'team', 'enterprise');

-- Create enum SubscriptionStatus
CREATE TYPE subscriptionstatus AS ENUM ('active', 'past_due', 'canceled', 'trialing');

-- Create enum BillingInterval
CREATE TYPE billinginterval AS ENUM ('monthly', 'annual');

-- Create table subscriptions
CREATE TABLE subscriptions (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	tier subscription_tier NOT NULL, 
	status subscriptionstatus NOT NULL, 
	billing_interval billinginterval, 
	stripe_customer_id VARCHAR(255), 
	stripe_subscription_id VARCHAR(255), 
	current_period_start TIMESTAMP WITHOUT TIME ZONE, 
	current_period_end TIMESTAMP WITHOUT TIME ZONE, 
	cancel_at_period_end BOOLEAN DEFAULT '0' NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);
