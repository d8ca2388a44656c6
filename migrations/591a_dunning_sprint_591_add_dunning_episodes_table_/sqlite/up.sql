-- 591a_dunning: Sprint 591: Add dunning_episodes table for failed payment workflow.
-- upgrade on SQLite; parents: 590a_superadmin

-- Create table dunning_episodes
CREATE TABLE dunning_episodes (
	id INTEGER NOT NULL, 
	subscription_id INTEGER NOT NULL, 
	org_id INTEGER, 
	stripe_invoice_id VARCHAR(255), 
	state VARCHAR(21) NOT NULL, 
	failure_count INTEGER NOT NULL, 
	first_failed_at DATETIME NOT NULL, 
	last_failed_at DATETIME NOT NULL, 
	next_retry_at DATETIME, 
	resolved_at DATETIME, 
	resolution VARCHAR(15), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id)
);

CREATE INDEX ix_dunning_episodes_org_id ON dunning_episodes (org_id);

CREATE INDEX ix_dunning_episodes_subscription_id ON dunning_episodes (subscription_id);

CREATE INDEX ix_dunning_state_last_failed ON dunning_episodes (state, last_failed_at);

CREATE INDEX ix_dunning_sub_state ON dunning_episodes (subscription_id, state);
