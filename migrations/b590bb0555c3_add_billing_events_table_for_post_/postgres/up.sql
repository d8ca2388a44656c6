-- b590bb0555c3: Add billing_events table for post-launch analytics.
-- upgrade on PostgreSQL; parents: d9e0f1a2b3c4

-- Create enum BillingEventType
CREATE TYPE billingeventtype AS ENUM ('trial_started', 'trial_converted', 'trial_expired', 'subscription_created', 'subscription_upgraded', 'subscription_downgraded', 'subscription_canceled', 'subscription_churned', 'payment_failed', 'payment_recovered');

-- Create table billing_events
CREATE TABLE billing_events (
	id SERIAL NOT NULL, 
	user_id INTEGER, 
	event_type billingeventtype NOT NULL, 
	tier VARCHAR(20), 
	interval VARCHAR(10), 
	seat_count INTEGER, 
	metadata_json TEXT, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_billing_events_created_at ON billing_events (created_at);

CREATE INDEX ix_billing_events_event_type ON billing_events (event_type);

CREATE INDEX ix_billing_events_id ON billing_events (id);

CREATE INDEX ix_billing_events_tier ON billing_events (tier);

CREATE INDEX ix_billing_events_user_id ON billing_events (user_id);
