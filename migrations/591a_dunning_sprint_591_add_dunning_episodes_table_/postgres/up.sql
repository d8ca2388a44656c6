-- 591a_dunning: Sprint 591: Add dunning_episodes table for failed payment workflow.
-- upgrade on PostgreSQL; parents: 590a_superadmin

-- Create enum DunningState
CREATE TYPE dunningstate AS ENUM ('first_attempt_failed', 'second_attempt_failed', 'third_attempt_failed', 'grace_period', 'canceled', 'resolved');

-- Create enum DunningResolution
CREATE TYPE dunningresolution AS ENUM ('paid', 'canceled', 'manual_override');

-- Create table dunning_episodes
CREATE TABLE dunning_episodes (
	id SERIAL NOT NULL, 
	subscription_id INTEGER NOT NULL, 
	org_id INTEGER, 
	stripe_invoice_id VARCHAR(255), 
	state dunningstate NOT NULL, 
	failure_count INTEGER NOT NULL, 
	first_failed_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	last_failed_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	next_retry_at TIMESTAMP WITHOUT TIME ZONE, 
	resolved_at TIMESTAMP WITHOUT TIME ZONE, 
	resolution dunningresolution, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id)
);

CREATE INDEX ix_dunning_episodes_org_id ON dunning_episodes (org_id);

CREATE INDEX ix_dunning_episodes_subscription_id ON dunning_episodes (subscription_id);

CREATE INDEX ix_dunning_state_last_failed ON dunning_episodes (state, last_failed_at);

CREATE INDEX ix_dunning_sub_state ON dunning_episodes (subscription_id, state);
