CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TYPE usertier AS ENUM ('FREE', 'PROFESSIONAL', 'ENTERPRISE');

CREATE TABLE users (
	id SERIAL NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	hashed_password VARCHAR(255) NOT NULL, 
	name VARCHAR(100), 
	is_active BOOLEAN, 
	is_verified BOOLEAN, 
	tier usertier NOT NULL, 
	email_verification_token VARCHAR(64), 
	email_verification_sent_at TIMESTAMP WITHOUT TIME ZONE, 
	email_verified_at TIMESTAMP WITHOUT TIME ZONE, 
	created_at TIMESTAMP WITHOUT TIME ZONE, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	last_login TIMESTAMP WITHOUT TIME ZONE, 
	settings VARCHAR(2000), 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_email_verification_token ON users (email_verification_token);

CREATE INDEX ix_users_id ON users (id);

CREATE TABLE activity_logs (
	id SERIAL NOT NULL, 
	user_id INTEGER, 
	filename_hash VARCHAR(64) NOT NULL, 
	filename_display VARCHAR(20), 
	timestamp TIMESTAMP WITHOUT TIME ZONE, 
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

CREATE INDEX ix_activity_logs_id ON activity_logs (id);

CREATE INDEX ix_activity_logs_timestamp ON activity_logs (timestamp);

CREATE INDEX ix_activity_logs_user_id ON activity_logs (user_id);

CREATE TYPE industry AS ENUM ('TECHNOLOGY', 'HEALTHCARE', 'FINANCIAL_SERVICES', 'MANUFACTURING', 'RETAIL', 'PROFESSIONAL_SERVICES', 'REAL_ESTATE', 'CONSTRUCTION', 'HOSPITALITY', 'NONPROFIT', 'EDUCATION', 'OTHER');

CREATE TABLE clients (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	industry industry NOT NULL, 
	fiscal_year_end VARCHAR(5) NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	settings VARCHAR(2000), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_clients_id ON clients (id);

CREATE INDEX ix_clients_user_id ON clients (user_id);

CREATE TABLE email_verification_tokens (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	token VARCHAR(64) NOT NULL, 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE, 
	used_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE UNIQUE INDEX ix_email_verification_tokens_token ON email_verification_tokens (token);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

CREATE TYPE periodtype AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL');

CREATE TABLE diagnostic_summaries (
	id SERIAL NOT NULL, 
	client_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	timestamp TIMESTAMP WITHOUT TIME ZONE, 
	period_date DATE, 
	period_type periodtype, 
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

CREATE INDEX ix_diagnostic_summaries_client_id ON diagnostic_summaries (client_id);

CREATE INDEX ix_diagnostic_summaries_id ON diagnostic_summaries (id);

CREATE INDEX ix_diagnostic_summaries_period_date ON diagnostic_summaries (period_date);

CREATE INDEX ix_diagnostic_summaries_timestamp ON diagnostic_summaries (timestamp);

CREATE INDEX ix_diagnostic_summaries_user_id ON diagnostic_summaries (user_id);

CREATE TYPE engagementstatus AS ENUM ('ACTIVE', 'ARCHIVED');

CREATE TYPE materialitybasis AS ENUM ('REVENUE', 'ASSETS', 'MANUAL');

CREATE TABLE engagements (
	id SERIAL NOT NULL, 
	client_id INTEGER NOT NULL, 
	period_start TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	period_end TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	status engagementstatus NOT NULL, 
	materiality_basis materialitybasis, 
	materiality_percentage FLOAT, 
	materiality_amount FLOAT, 
	performance_materiality_factor FLOAT NOT NULL, 
	trivial_threshold_factor FLOAT NOT NULL, 
	created_by INTEGER NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE RESTRICT, 
	FOREIGN KEY(created_by) REFERENCES users (id)
);

CREATE INDEX ix_engagements_client_id ON engagements (client_id);

CREATE INDEX ix_engagements_id ON engagements (id);

CREATE INDEX ix_engagements_status ON engagements (status);

CREATE TYPE toolname AS ENUM ('TRIAL_BALANCE', 'MULTI_PERIOD', 'JOURNAL_ENTRY_TESTING', 'AP_TESTING', 'BANK_RECONCILIATION', 'PAYROLL_TESTING', 'THREE_WAY_MATCH', 'REVENUE_TESTING', 'AR_AGING', 'FIXED_ASSET_TESTING', 'INVENTORY_TESTING');

CREATE TYPE toolrunstatus AS ENUM ('COMPLETED', 'FAILED');

CREATE TABLE tool_runs (
	id SERIAL NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_name toolname NOT NULL, 
	run_number INTEGER NOT NULL, 
	status toolrunstatus NOT NULL, 
	composite_score FLOAT, 
	run_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE
);

CREATE INDEX ix_tool_runs_engagement_id ON tool_runs (engagement_id);

CREATE INDEX ix_tool_runs_engagement_tool ON tool_runs (engagement_id, tool_name);

CREATE INDEX ix_tool_runs_id ON tool_runs (id);

CREATE INDEX ix_tool_runs_run_at ON tool_runs (run_at);

CREATE INDEX ix_tool_runs_tool_name ON tool_runs (tool_name);

CREATE TYPE followupseverity AS ENUM ('HIGH', 'MEDIUM', 'LOW');

CREATE TYPE followupdisposition AS ENUM ('NOT_REVIEWED', 'INVESTIGATED_NO_ISSUE', 'INVESTIGATED_ADJUSTMENT_POSTED', 'INVESTIGATED_FURTHER_REVIEW', 'IMMATERIAL');

CREATE TABLE follow_up_items (
	id SERIAL NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_run_id INTEGER, 
	description TEXT NOT NULL, 
	tool_source VARCHAR(50) NOT NULL, 
	severity followupseverity NOT NULL, 
	disposition followupdisposition NOT NULL, 
	auditor_notes TEXT, 
	assigned_to INTEGER, 
	created_at TIMESTAMP WITHOUT TIME ZONE, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(assigned_to) REFERENCES users (id) ON DELETE SET NULL, 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE, 
	FOREIGN KEY(tool_run_id) REFERENCES tool_runs (id) ON DELETE SET NULL
);

CREATE INDEX ix_follow_up_engagement_disposition ON follow_up_items (engagement_id, disposition);

CREATE INDEX ix_follow_up_engagement_severity ON follow_up_items (engagement_id, severity);

CREATE INDEX ix_follow_up_items_assigned_to ON follow_up_items (assigned_to);

CREATE INDEX ix_follow_up_items_disposition ON follow_up_items (disposition);

CREATE INDEX ix_follow_up_items_engagement_id ON follow_up_items (engagement_id);

CREATE INDEX ix_follow_up_items_id ON follow_up_items (id);

CREATE INDEX ix_follow_up_items_severity ON follow_up_items (severity);

CREATE INDEX ix_follow_up_items_tool_run_id ON follow_up_items (tool_run_id);

CREATE INDEX ix_follow_up_items_tool_source ON follow_up_items (tool_source);

CREATE TABLE follow_up_item_comments (
	id SERIAL NOT NULL, 
	follow_up_item_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	comment_text TEXT NOT NULL, 
	parent_comment_id INTEGER, 
	created_at TIMESTAMP WITHOUT TIME ZONE, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(follow_up_item_id) REFERENCES follow_up_items (id) ON DELETE CASCADE, 
	FOREIGN KEY(parent_comment_id) REFERENCES follow_up_item_comments (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_comment_item_parent ON follow_up_item_comments (follow_up_item_id, parent_comment_id);

CREATE INDEX ix_follow_up_item_comments_follow_up_item_id ON follow_up_item_comments (follow_up_item_id);

CREATE INDEX ix_follow_up_item_comments_id ON follow_up_item_comments (id);

CREATE INDEX ix_follow_up_item_comments_parent_comment_id ON follow_up_item_comments (parent_comment_id);

CREATE INDEX ix_follow_up_item_comments_user_id ON follow_up_item_comments (user_id);

INSERT INTO alembic_version (version_num) VALUES ('e2f21cb79a61') RETURNING alembic_version.version_num;

