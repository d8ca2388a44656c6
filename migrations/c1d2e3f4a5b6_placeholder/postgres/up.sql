-- c1d2e3f4a5b6: PLACEHOLDER
-- upgrade on PostgreSQL; parents: e2f21cb79a61

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('free', 'solo', 'professional', 'team');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;

-- Create enum SubscriptionTier
CREATE TYPE subscription_tier AS ENUM ('free', 'solo', 'professional', 'team');

-- Create enum SubscriptionStatus
CREATE TYPE subscriptionstatus AS ENUM ('active', 'past_due', 'canceled', 'trialing');

-- Create enum BillingInterval
CREATE TYPE billinginterval AS ENUM ('monthly', 'annual');

-- Create enum ReportingFramework
CREATE TYPE reportingframework AS ENUM ('auto', 'fasb', 'gasb');

-- Create enum EntityType
CREATE TYPE entitytype AS ENUM ('for_profit', 'nonprofit', 'governmental', 'other');

-- Create enum BillingEventType
CREATE TYPE billingeventtype AS ENUM ('trial_started', 'trial_converted', 'trial_expired', 'subscription_created', 'subscription_upgraded', 'subscription_downgraded', 'subscription_canceled', 'subscription_churned', 'payment_failed', 'payment_recovered');

-- Enum ToolName: add label flux_analysis
-- pschema:no-transaction
ALTER TYPE toolname ADD VALUE IF NOT EXISTS 'flux_analysis' AFTER 'INVENTORY_TESTING';

-- Drop index ix_users_email_verification_token on users
DROP INDEX ix_users_email_verification_token;

-- Drop index ix_email_verification_tokens_token on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token;

-- Create table refresh_tokens
CREATE TABLE refresh_tokens (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	revoked_at TIMESTAMP WITHOUT TIME ZONE, 
	replaced_by_hash VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_refresh_tokens_id ON refresh_tokens (id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);

-- Create table tool_sessions
CREATE TABLE tool_sessions (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	tool_name VARCHAR(50) NOT NULL, 
	session_data TEXT NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_tool_session_user_tool UNIQUE (user_id, tool_name)
);

CREATE INDEX ix_tool_sessions_id ON tool_sessions (id);

CREATE INDEX ix_tool_sessions_user_id ON tool_sessions (user_id);

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
	seat_count INTEGER DEFAULT '1' NOT NULL, 
	additional_seats INTEGER DEFAULT '0' NOT NULL, 
	dpa_accepted_at TIMESTAMP WITHOUT TIME ZONE, 
	dpa_version VARCHAR(20), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);

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

-- Alter table users
ALTER TABLE users DROP COLUMN email_verification_token;

ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE users ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE users ADD COLUMN pending_email VARCHAR(255);

ALTER TABLE users ADD COLUMN failed_login_attempts INTEGER DEFAULT '0' NOT NULL;

ALTER TABLE users ADD COLUMN locked_until TIMESTAMP WITHOUT TIME ZONE;

-- Alter table activity_logs
ALTER TABLE activity_logs ALTER COLUMN timestamp SET DEFAULT now();

ALTER TABLE activity_logs ALTER COLUMN total_debits TYPE NUMERIC(19, 2) USING total_debits::NUMERIC(19, 2);

ALTER TABLE activity_logs ALTER COLUMN total_credits TYPE NUMERIC(19, 2) USING total_credits::NUMERIC(19, 2);

ALTER TABLE activity_logs ALTER COLUMN materiality_threshold TYPE NUMERIC(19, 2) USING materiality_threshold::NUMERIC(19, 2);

ALTER TABLE activity_logs ADD COLUMN chain_hash VARCHAR(128);

ALTER TABLE activity_logs ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE activity_logs ADD COLUMN archived_by INTEGER;

ALTER TABLE activity_logs ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE activity_logs ADD CONSTRAINT fk_activity_logs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table clients
ALTER TABLE clients ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE clients ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE clients ADD COLUMN reporting_framework reportingframework DEFAULT 'auto' NOT NULL;

ALTER TABLE clients ADD COLUMN entity_type entitytype DEFAULT 'other' NOT NULL;

ALTER TABLE clients ADD COLUMN jurisdiction_country VARCHAR(2) DEFAULT 'US' NOT NULL;

ALTER TABLE clients ADD COLUMN jurisdiction_state VARCHAR(50);

-- Alter table email_verification_tokens
ALTER TABLE email_verification_tokens DROP COLUMN token;

ALTER TABLE email_verification_tokens ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE email_verification_tokens ADD COLUMN token_hash VARCHAR(64) NOT NULL;

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries ALTER COLUMN timestamp SET DEFAULT now();

ALTER TABLE diagnostic_summaries ALTER COLUMN total_assets TYPE NUMERIC(19, 2) USING total_assets::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN current_assets TYPE NUMERIC(19, 2) USING current_assets::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN inventory TYPE NUMERIC(19, 2) USING inventory::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_liabilities TYPE NUMERIC(19, 2) USING total_liabilities::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN current_liabilities TYPE NUMERIC(19, 2) USING current_liabilities::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_equity TYPE NUMERIC(19, 2) USING total_equity::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_revenue TYPE NUMERIC(19, 2) USING total_revenue::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN cost_of_goods_sold TYPE NUMERIC(19, 2) USING cost_of_goods_sold::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_expenses TYPE NUMERIC(19, 2) USING total_expenses::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN operating_expenses TYPE NUMERIC(19, 2) USING operating_expenses::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_debits TYPE NUMERIC(19, 2) USING total_debits::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_credits TYPE NUMERIC(19, 2) USING total_credits::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN materiality_threshold TYPE NUMERIC(19, 2) USING materiality_threshold::NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE diagnostic_summaries ADD COLUMN archived_by INTEGER;

ALTER TABLE diagnostic_summaries ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE diagnostic_summaries ADD CONSTRAINT fk_diagnostic_summaries_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table engagements
ALTER TABLE engagements ALTER COLUMN materiality_amount TYPE NUMERIC(19, 2) USING materiality_amount::NUMERIC(19, 2);

ALTER TABLE engagements ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE engagements ALTER COLUMN updated_at SET DEFAULT now();

-- Alter table tool_runs
ALTER TABLE tool_runs ALTER COLUMN run_at SET DEFAULT now();

ALTER TABLE tool_runs ADD COLUMN flagged_accounts TEXT;

ALTER TABLE tool_runs ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE tool_runs ADD COLUMN archived_by INTEGER;

ALTER TABLE tool_runs ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE tool_runs ADD CONSTRAINT fk_tool_runs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table follow_up_items
ALTER TABLE follow_up_items ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE follow_up_items ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE follow_up_items ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE follow_up_items ADD COLUMN archived_by INTEGER;

ALTER TABLE follow_up_items ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE follow_up_items ADD CONSTRAINT fk_follow_up_items_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table follow_up_item_comments
ALTER TABLE follow_up_item_comments ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE follow_up_item_comments ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE follow_up_item_comments ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE follow_up_item_comments ADD COLUMN archived_by INTEGER;

ALTER TABLE follow_up_item_comments ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE follow_up_item_comments ADD CONSTRAINT fk_follow_up_item_comments_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Create index ix_activity_logs_archived_at on activity_logs
CREATE INDEX ix_activity_logs_archived_at ON activity_logs (archived_at);

-- Create index ix_activity_logs_chain_hash on activity_logs
CREATE INDEX ix_activity_logs_chain_hash ON activity_logs (chain_hash);

-- Create index ix_email_verification_tokens_token_hash on email_verification_tokens
CREATE UNIQUE INDEX ix_email_verification_tokens_token_hash ON email_verification_tokens (token_hash);

-- Create index ix_diagnostic_summaries_archived_at on diagnostic_summaries
CREATE INDEX ix_diagnostic_summaries_archived_at ON diagnostic_summaries (archived_at);

-- Create index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
CREATE INDEX ix_diagnostic_summaries_client_user_period ON diagnostic_summaries (client_id, user_id, period_date);

-- Create index ix_tool_runs_archived_at on tool_runs
CREATE INDEX ix_tool_runs_archived_at ON tool_runs (archived_at);

-- Create index ix_follow_up_items_archived_at on follow_up_items
CREATE INDEX ix_follow_up_items_archived_at ON follow_up_items (archived_at);

-- Create index ix_follow_up_item_comments_archived_at on follow_up_item_comments
CREATE INDEX ix_follow_up_item_comments_archived_at ON follow_up_item_comments (archived_at);
