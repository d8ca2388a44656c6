-- c1d2e3f4a5b6: PLACEHOLDER
-- downgrade on SQLite; parents: e2f21cb79a61

-- Drop index ix_follow_up_item_comments_archived_at on follow_up_item_comments
DROP INDEX ix_follow_up_item_comments_archived_at;

-- Drop index ix_follow_up_items_archived_at on follow_up_items
DROP INDEX ix_follow_up_items_archived_at;

-- Drop index ix_tool_runs_archived_at on tool_runs
DROP INDEX ix_tool_runs_archived_at;

-- Drop index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_client_user_period;

-- Drop index ix_diagnostic_summaries_archived_at on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_archived_at;

-- Drop index ix_email_verification_tokens_token_hash on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token_hash;

-- Drop index ix_activity_logs_chain_hash on activity_logs
DROP INDEX ix_activity_logs_chain_hash;

-- Drop index ix_activity_logs_archived_at on activity_logs
DROP INDEX ix_activity_logs_archived_at;

-- Rebuild table follow_up_item_comments (dropped column archived_by is part of a key or constraint; column updated_at (default); column created_at (default); foreign keys change)
-- pschema:rebuild follow_up_item_comments
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_follow_up_item_comments (
	id INTEGER NOT NULL, 
	follow_up_item_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	comment_text TEXT NOT NULL, 
	parent_comment_id INTEGER, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
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

-- Rebuild table follow_up_items (dropped column archived_by is part of a key or constraint; column updated_at (default); column created_at (default); foreign keys change)
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
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
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

-- Rebuild table tool_runs (dropped column archived_by is part of a key or constraint; column run_at (default); foreign keys change)
-- pschema:rebuild tool_runs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_tool_runs (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_name VARCHAR(21) NOT NULL, 
	run_number INTEGER NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	composite_score FLOAT, 
	run_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
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

-- Rebuild table engagements (column updated_at (default); column created_at (default); column materiality_amount (type Numeric(19, 2) -> Float))
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
	materiality_amount FLOAT, 
	performance_materiality_factor FLOAT NOT NULL, 
	trivial_threshold_factor FLOAT NOT NULL, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
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

-- Rebuild table diagnostic_summaries (dropped column archived_by is part of a key or constraint; column materiality_threshold (type Numeric(19, 2) -> Float); column total_credits (type Numeric(19, 2) -> Float); column total_debits (type Numeric(19, 2) -> Float); column operating_expenses (type Numeric(19, 2) -> Float); column total_expenses (type Numeric(19, 2) -> Float); column cost_of_goods_sold (type Numeric(19, 2) -> Float); column total_revenue (type Numeric(19, 2) -> Float); column total_equity (type Numeric(19, 2) -> Float); column current_liabilities (type Numeric(19, 2) -> Float); column total_liabilities (type Numeric(19, 2) -> Float); column inventory (type Numeric(19, 2) -> Float); column current_assets (type Numeric(19, 2) -> Float); column total_assets (type Numeric(19, 2) -> Float); column timestamp (default); foreign keys change)
-- pschema:rebuild diagnostic_summaries
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_diagnostic_summaries (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	timestamp DATETIME, 
	period_date DATE, 
	period_type VARCHAR(9), 
	period_label VARCHAR(50), 
	filename_hash VARCHAR(64), 
	filename_display VARCHAR(20), 
	total_assets FLOAT, 
	current_assets FLOAT, 
	inventory FLOAT, 
	total_liabilities FLOAT, 
	current_liabilities FLOAT, 
	total_equity FLOAT, 
	total_revenue FLOAT, 
	cost_of_goods_sold FLOAT, 
	total_expenses FLOAT, 
	operating_expenses FLOAT, 
	current_ratio FLOAT, 
	quick_ratio FLOAT, 
	debt_to_equity FLOAT, 
	gross_margin FLOAT, 
	net_profit_margin FLOAT, 
	operating_margin FLOAT, 
	return_on_assets FLOAT, 
	return_on_equity FLOAT, 
	total_debits FLOAT, 
	total_credits FLOAT, 
	was_balanced BOOLEAN, 
	anomaly_count INTEGER, 
	materiality_threshold FLOAT, 
	row_count INTEGER, 
	PRIMARY KEY (id), 
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

-- Rebuild table email_verification_tokens (column created_at (default); new column token is NOT NULL without a default)
-- pschema:rebuild email_verification_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_email_verification_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME, 
	used_at DATETIME, 
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

-- Rebuild table clients (column updated_at (default); column created_at (default))
-- pschema:rebuild clients
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_clients (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	industry VARCHAR(21) NOT NULL, 
	fiscal_year_end VARCHAR(5) NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	settings VARCHAR(2000), 
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

-- Rebuild table activity_logs (dropped column archived_by is part of a key or constraint; column materiality_threshold (type Numeric(19, 2) -> Float); column total_credits (type Numeric(19, 2) -> Float); column total_debits (type Numeric(19, 2) -> Float); column timestamp (default); foreign keys change)
-- pschema:rebuild activity_logs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_activity_logs (
	id INTEGER NOT NULL, 
	user_id INTEGER, 
	filename_hash VARCHAR(64) NOT NULL, 
	filename_display VARCHAR(20), 
	timestamp DATETIME, 
	record_count INTEGER NOT NULL, 
	total_debits FLOAT NOT NULL, 
	total_credits FLOAT NOT NULL, 
	materiality_threshold FLOAT NOT NULL, 
	was_balanced BOOLEAN NOT NULL, 
	anomaly_count INTEGER, 
	material_count INTEGER, 
	immaterial_count INTEGER, 
	is_consolidated BOOLEAN, 
	sheet_count INTEGER, 
	PRIMARY KEY (id), 
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

-- Rebuild table users (column updated_at (default); column created_at (default))
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
	email_verification_token VARCHAR(64), 
	email_verification_sent_at DATETIME, 
	email_verified_at DATETIME, 
	created_at DATETIME, 
	updated_at DATETIME, 
	last_login DATETIME, 
	settings VARCHAR(2000), 
	PRIMARY KEY (id)
);

INSERT INTO _pschema_new_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings) SELECT id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings FROM users;

DROP TABLE users;

ALTER TABLE _pschema_new_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild users

-- Drop table billing_events
DROP TABLE billing_events;

-- Drop table subscriptions
DROP TABLE subscriptions;

-- Drop table tool_sessions
DROP TABLE tool_sessions;

-- Drop table refresh_tokens
DROP TABLE refresh_tokens;

-- Create index ix_email_verification_tokens_token on email_verification_tokens
CREATE UNIQUE INDEX ix_email_verification_tokens_token ON email_verification_tokens (token);

-- Create index ix_users_email_verification_token on users
CREATE INDEX ix_users_email_verification_token ON users (email_verification_token);

-- Enum ToolName: label flux_analysis is removed; refuse if tool_runs still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM tool_runs WHERE tool_name = 'flux_analysis'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label free is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'free'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label solo is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'solo'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label professional is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'professional'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label team is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'team'));

DROP TABLE _pschema_guard;
