-- c1d2e3f4a5b6: PLACEHOLDER
-- upgrade on SQLite; parents: e2f21cb79a61

-- Enum UserTier: label FREE is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'FREE'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label PROFESSIONAL is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'PROFESSIONAL'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label ENTERPRISE is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'ENTERPRISE'));

DROP TABLE _pschema_guard;

-- Drop index ix_users_email_verification_token on users
DROP INDEX ix_users_email_verification_token;

-- Drop index ix_email_verification_tokens_token on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token;

-- Create table refresh_tokens
CREATE TABLE refresh_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	revoked_at DATETIME, 
	replaced_by_hash VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_refresh_tokens_id ON refresh_tokens (id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);

-- Create table tool_sessions
CREATE TABLE tool_sessions (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	tool_name VARCHAR(50) NOT NULL, 
	session_data TEXT NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_tool_session_user_tool UNIQUE (user_id, tool_name)
);

CREATE INDEX ix_tool_sessions_id ON tool_sessions (id);

CREATE INDEX ix_tool_sessions_user_id ON tool_sessions (user_id);

-- Create table subscriptions
CREATE TABLE subscriptions (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	tier VARCHAR(12) NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	billing_interval VARCHAR(7), 
	stripe_customer_id VARCHAR(255), 
	stripe_subscription_id VARCHAR(255), 
	current_period_start DATETIME, 
	current_period_end DATETIME, 
	cancel_at_period_end BOOLEAN DEFAULT '0' NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	seat_count INTEGER DEFAULT '1' NOT NULL, 
	additional_seats INTEGER DEFAULT '0' NOT NULL, 
	dpa_accepted_at DATETIME, 
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
	id INTEGER NOT NULL, 
	user_id INTEGER, 
	event_type VARCHAR(23) NOT NULL, 
	tier VARCHAR(20), 
	interval VARCHAR(10), 
	seat_count INTEGER, 
	metadata_json TEXT, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_billing_events_created_at ON billing_events (created_at);

CREATE INDEX ix_billing_events_event_type ON billing_events (event_type);

CREATE INDEX ix_billing_events_id ON billing_events (id);

CREATE INDEX ix_billing_events_tier ON billing_events (tier);

CREATE INDEX ix_billing_events_user_id ON billing_events (user_id);

-- Rebuild table users (column created_at (default); column updated_at (default))
-- pschema:rebuild users
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_users (
	id INTEGER NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	hashed_password VARCHAR(255) NOT NULL, 
	name VARCHAR(100), 
	is_active BOOLEAN, 
	is_verified BOOLEAN, 
	tier VARCHAR(12) NOT NULL, 
	email_verification_sent_at DATETIME, 
	email_verified_at DATETIME, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	last_login DATETIME, 
	settings VARCHAR(2000), 
	password_changed_at DATETIME, 
	pending_email VARCHAR(255), 
	failed_login_attempts INTEGER DEFAULT '0' NOT NULL, 
	locked_until DATETIME, 
	PRIMARY KEY (id)
);

INSERT INTO _pschema_new_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings) SELECT id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings FROM users;

DROP TABLE users;

ALTER TABLE _pschema_new_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild users

-- Rebuild table activity_logs (column timestamp (default); column total_debits (type Float -> Numeric(19, 2)); column total_credits (type Float -> Numeric(19, 2)); column materiality_threshold (type Float -> Numeric(19, 2)); new column archived_by is part of a key or constraint; foreign keys change)
-- pschema:rebuild activity_logs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_activity_logs (
	id INTEGER NOT NULL, 
	user_id INTEGER, 
	filename_hash VARCHAR(64) NOT NULL, 
	filename_display VARCHAR(20), 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
	record_count INTEGER NOT NULL, 
	total_debits NUMERIC(19, 2) NOT NULL, 
	total_credits NUMERIC(19, 2) NOT NULL, 
	materiality_threshold NUMERIC(19, 2) NOT NULL, 
	was_balanced BOOLEAN NOT NULL, 
	anomaly_count INTEGER, 
	material_count INTEGER, 
	immaterial_count INTEGER, 
	is_consolidated BOOLEAN, 
	sheet_count INTEGER, 
	chain_hash VARCHAR(128), 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_activity_logs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_activity_logs (id, user_id, filename_hash, filename_display, timestamp, record_count, total_debits, total_credits, materiality_threshold, was_balanced, anomaly_count, material_count, immaterial_count, is_consolidated, sheet_count) SELECT id, user_id, filename_hash, filename_display, timestamp, record_count, total_debits, total_credits, materiality_threshold, was_balanced, anomaly_count, material_count, immaterial_count, is_consolidated, sheet_count FROM activity_logs;

DROP TABLE activity_logs;

ALTER TABLE _pschema_new_activity_logs RENAME TO activity_logs;

CREATE INDEX ix_activity_logs_id ON activity_logs (id);

CREATE INDEX ix_activity_logs_timestamp ON activity_logs (timestamp);

CREATE INDEX ix_activity_logs_user_id ON activity_logs (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild activity_logs

-- Rebuild table clients (column created_at (default); column updated_at (default))
-- pschema:rebuild clients
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_clients (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	industry VARCHAR(21) NOT NULL, 
	fiscal_year_end VARCHAR(5) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	settings VARCHAR(2000), 
	reporting_framework VARCHAR(4) DEFAULT 'auto' NOT NULL, 
	entity_type VARCHAR(12) DEFAULT 'other' NOT NULL, 
	jurisdiction_country VARCHAR(2) DEFAULT 'US' NOT NULL, 
	jurisdiction_state VARCHAR(50), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_clients (id, user_id, name, industry, fiscal_year_end, created_at, updated_at, settings) SELECT id, user_id, name, industry, fiscal_year_end, created_at, updated_at, settings FROM clients;

DROP TABLE clients;

ALTER TABLE _pschema_new_clients RENAME TO clients;

CREATE INDEX ix_clients_id ON clients (id);

CREATE INDEX ix_clients_user_id ON clients (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild clients

-- Rebuild table email_verification_tokens (column created_at (default); new column token_hash is NOT NULL without a default)
-- pschema:rebuild email_verification_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_email_verification_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	used_at DATETIME, 
	token_hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_email_verification_tokens (id, user_id, expires_at, created_at, used_at) SELECT id, user_id, expires_at, created_at, used_at FROM email_verification_tokens;

DROP TABLE email_verification_tokens;

ALTER TABLE _pschema_new_email_verification_tokens RENAME TO email_verification_tokens;

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild email_verification_tokens

-- Rebuild table diagnostic_summaries (column timestamp (default); column total_assets (type Float -> Numeric(19, 2)); column current_assets (type Float -> Numeric(19, 2)); column inventory (type Float -> Numeric(19, 2)); column total_liabilities (type Float -> Numeric(19, 2)); column current_liabilities (type Float -> Numeric(19, 2)); column total_equity (type Float -> Numeric(19, 2)); column total_revenue (type Float -> Numeric(19, 2)); column cost_of_goods_sold (type Float -> Numeric(19, 2)); column total_expenses (type Float -> Numeric(19, 2)); column operating_expenses (type Float -> Numeric(19, 2)); column total_debits (type Float -> Numeric(19, 2)); column total_credits (type Float -> Numeric(19, 2)); column materiality_threshold (type Float -> Numeric(19, 2)); new column archived_by is part of a key or constraint; foreign keys change)
-- pschema:rebuild diagnostic_summaries
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_diagnostic_summaries (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
	period_date DATE, 
	period_type VARCHAR(9), 
	period_label VARCHAR(50), 
	filename_hash VARCHAR(64), 
	filename_display VARCHAR(20), 
	total_assets NUMERIC(19, 2), 
	current_assets NUMERIC(19, 2), 
	inventory NUMERIC(19, 2), 
	total_liabilities NUMERIC(19, 2), 
	current_liabilities NUMERIC(19, 2), 
	total_equity NUMERIC(19, 2), 
	total_revenue NUMERIC(19, 2), 
	cost_of_goods_sold NUMERIC(19, 2), 
	total_expenses NUMERIC(19, 2), 
	operating_expenses NUMERIC(19, 2), 
	current_ratio FLOAT, 
	quick_ratio FLOAT, 
	debt_to_equity FLOAT, 
	gross_margin FLOAT, 
	net_profit_margin FLOAT, 
	operating_margin FLOAT, 
	return_on_assets FLOAT, 
	return_on_equity FLOAT, 
	total_debits NUMERIC(19, 2), 
	total_credits NUMERIC(19, 2), 
	was_balanced BOOLEAN, 
	anomaly_count INTEGER, 
	materiality_threshold NUMERIC(19, 2), 
	row_count INTEGER, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_diagnostic_summaries_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_diagnostic_summaries (id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count) SELECT id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count FROM diagnostic_summaries;

DROP TABLE diagnostic_summaries;

ALTER TABLE _pschema_new_diagnostic_summaries RENAME TO diagnostic_summaries;

CREATE INDEX ix_diagnostic_summaries_client_id ON diagnostic_summaries (client_id);

CREATE INDEX ix_diagnostic_summaries_id ON diagnostic_summaries (id);

CREATE INDEX ix_diagnostic_summaries_period_date ON diagnostic_summaries (period_date);

CREATE INDEX ix_diagnostic_summaries_timestamp ON diagnostic_summaries (timestamp);

CREATE INDEX ix_diagnostic_summaries_user_id ON diagnostic_summaries (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild diagnostic_summaries

-- Rebuild table engagements (column materiality_amount (type Float -> Numeric(19, 2)); column created_at (default); column updated_at (default))
-- pschema:rebuild engagements
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_engagements (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	period_start DATETIME NOT NULL, 
	period_end DATETIME NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	materiality_basis VARCHAR(7), 
	materiality_percentage FLOAT, 
	materiality_amount NUMERIC(19, 2), 
	performance_materiality_factor FLOAT NOT NULL, 
	trivial_threshold_factor FLOAT NOT NULL, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE RESTRICT, 
	FOREIGN KEY(created_by) REFERENCES users (id)
);

INSERT INTO _pschema_new_engagements (id, client_id, period_start, period_end, status, materiality_basis, materiality_percentage, materiality_amount, performance_materiality_factor, trivial_threshold_factor, created_by, created_at, updated_at) SELECT id, client_id, period_start, period_end, status, materiality_basis, materiality_percentage, materiality_amount, performance_materiality_factor, trivial_threshold_factor, created_by, created_at, updated_at FROM engagements;

DROP TABLE engagements;

ALTER TABLE _pschema_new_engagements RENAME TO engagements;

CREATE INDEX ix_engagements_client_id ON engagements (client_id);

CREATE INDEX ix_engagements_id ON engagements (id);

CREATE INDEX ix_engagements_status ON engagements (status);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild engagements

-- Rebuild table tool_runs (column run_at (default); new column archived_by is part of a key or constraint; foreign keys change)
-- pschema:rebuild tool_runs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_tool_runs (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_name VARCHAR(21) NOT NULL, 
	run_number INTEGER NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	composite_score FLOAT, 
	run_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	flagged_accounts TEXT, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_tool_runs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_tool_runs (id, engagement_id, tool_name, run_number, status, composite_score, run_at) SELECT id, engagement_id, tool_name, run_number, status, composite_score, run_at FROM tool_runs;

DROP TABLE tool_runs;

ALTER TABLE _pschema_new_tool_runs RENAME TO tool_runs;

CREATE INDEX ix_tool_runs_engagement_id ON tool_runs (engagement_id);

CREATE INDEX ix_tool_runs_engagement_tool ON tool_runs (engagement_id, tool_name);

CREATE INDEX ix_tool_runs_id ON tool_runs (id);

CREATE INDEX ix_tool_runs_run_at ON tool_runs (run_at);

CREATE INDEX ix_tool_runs_tool_name ON tool_runs (tool_name);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild tool_runs

-- Rebuild table follow_up_items (column created_at (default); column updated_at (default); new column archived_by is part of a key or constraint; foreign keys change)
-- pschema:rebuild follow_up_items
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_follow_up_items (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_run_id INTEGER, 
	description TEXT NOT NULL, 
	tool_source VARCHAR(50) NOT NULL, 
	severity VARCHAR(6) NOT NULL, 
	disposition VARCHAR(30) NOT NULL, 
	auditor_notes TEXT, 
	assigned_to INTEGER, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_follow_up_items_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(assigned_to) REFERENCES users (id) ON DELETE SET NULL, 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE, 
	FOREIGN KEY(tool_run_id) REFERENCES tool_runs (id) ON DELETE SET NULL
);

INSERT INTO _pschema_new_follow_up_items (id, engagement_id, tool_run_id, description, tool_source, severity, disposition, auditor_notes, assigned_to, created_at, updated_at) SELECT id, engagement_id, tool_run_id, description, tool_source, severity, disposition, auditor_notes, assigned_to, created_at, updated_at FROM follow_up_items;

DROP TABLE follow_up_items;

ALTER TABLE _pschema_new_follow_up_items RENAME TO follow_up_items;

CREATE INDEX ix_follow_up_engagement_disposition ON follow_up_items (engagement_id, disposition);

CREATE INDEX ix_follow_up_engagement_severity ON follow_up_items (engagement_id, severity);

CREATE INDEX ix_follow_up_items_assigned_to ON follow_up_items (assigned_to);

CREATE INDEX ix_follow_up_items_disposition ON follow_up_items (disposition);

CREATE INDEX ix_follow_up_items_engagement_id ON follow_up_items (engagement_id);

CREATE INDEX ix_follow_up_items_id ON follow_up_items (id);

CREATE INDEX ix_follow_up_items_severity ON follow_up_items (severity);

CREATE INDEX ix_follow_up_items_tool_run_id ON follow_up_items (tool_run_id);

CREATE INDEX ix_follow_up_items_tool_source ON follow_up_items (tool_source);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild follow_up_items

-- Rebuild table follow_up_item_comments (column created_at (default); column updated_at (default); new column archived_by is part of a key or constraint; foreign keys change)
-- pschema:rebuild follow_up_item_comments
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_follow_up_item_comments (
	id INTEGER NOT NULL, 
	follow_up_item_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	comment_text TEXT NOT NULL, 
	parent_comment_id INTEGER, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_follow_up_item_comments_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(follow_up_item_id) REFERENCES follow_up_items (id) ON DELETE CASCADE, 
	FOREIGN KEY(parent_comment_id) REFERENCES follow_up_item_comments (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_follow_up_item_comments (id, follow_up_item_id, user_id, comment_text, parent_comment_id, created_at, updated_at) SELECT id, follow_up_item_id, user_id, comment_text, parent_comment_id, created_at, updated_at FROM follow_up_item_comments;

DROP TABLE follow_up_item_comments;

ALTER TABLE _pschema_new_follow_up_item_comments RENAME TO follow_up_item_comments;

CREATE INDEX ix_comment_item_parent ON follow_up_item_comments (follow_up_item_id, parent_comment_id);

CREATE INDEX ix_follow_up_item_comments_follow_up_item_id ON follow_up_item_comments (follow_up_item_id);

CREATE INDEX ix_follow_up_item_comments_id ON follow_up_item_comments (id);

CREATE INDEX ix_follow_up_item_comments_parent_comment_id ON follow_up_item_comments (parent_comment_id);

CREATE INDEX ix_follow_up_item_comments_user_id ON follow_up_item_comments (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild follow_up_item_comments

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
