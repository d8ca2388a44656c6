-- b2c3d4e5f6a7: Add soft-delete columns (archived_at, archived_by, archive_reason) — Sprint 345
-- downgrade on SQLite; parents: a1b2c3d4e5f6

-- Drop index ix_follow_up_item_comments_archived_at on follow_up_item_comments
DROP INDEX ix_follow_up_item_comments_archived_at;

-- Drop index ix_follow_up_items_archived_at on follow_up_items
DROP INDEX ix_follow_up_items_archived_at;

-- Drop index ix_tool_runs_archived_at on tool_runs
DROP INDEX ix_tool_runs_archived_at;

-- Drop index ix_diagnostic_summaries_archived_at on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_archived_at;

-- Drop index ix_activity_logs_archived_at on activity_logs
DROP INDEX ix_activity_logs_archived_at;

-- Rebuild table follow_up_item_comments (dropped column archived_by is part of a key or constraint; foreign keys change)
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

-- Rebuild table follow_up_items (dropped column archived_by is part of a key or constraint; foreign keys change)
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

-- Rebuild table tool_runs (dropped column archived_by is part of a key or constraint; foreign keys change)
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
	PRIMARY KEY (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_tool_runs (id, engagement_id, tool_name, run_number, status, composite_score, run_at, flagged_accounts) SELECT id, engagement_id, tool_name, run_number, status, composite_score, run_at, flagged_accounts FROM tool_runs;

DROP TABLE tool_runs;

ALTER TABLE _pschema_new_tool_runs RENAME TO tool_runs;

CREATE INDEX ix_tool_runs_engagement_id ON tool_runs (engagement_id);

CREATE INDEX ix_tool_runs_engagement_tool ON tool_runs (engagement_id, tool_name);

CREATE INDEX ix_tool_runs_id ON tool_runs (id);

CREATE INDEX ix_tool_runs_run_at ON tool_runs (run_at);

CREATE INDEX ix_tool_runs_tool_name ON tool_runs (tool_name);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild tool_runs

-- Rebuild table diagnostic_summaries (dropped column archived_by is part of a key or constraint; foreign keys change)
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
	PRIMARY KEY (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_diagnostic_summaries (id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count) SELECT id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count FROM diagnostic_summaries;

DROP TABLE diagnostic_summaries;

ALTER TABLE _pschema_new_diagnostic_summaries RENAME TO diagnostic_summaries;

CREATE INDEX ix_diagnostic_summaries_client_id ON diagnostic_summaries (client_id);

CREATE INDEX ix_diagnostic_summaries_client_user_period ON diagnostic_summaries (client_id, user_id, period_date);

CREATE INDEX ix_diagnostic_summaries_id ON diagnostic_summaries (id);

CREATE INDEX ix_diagnostic_summaries_period_date ON diagnostic_summaries (period_date);

CREATE INDEX ix_diagnostic_summaries_timestamp ON diagnostic_summaries (timestamp);

CREATE INDEX ix_diagnostic_summaries_user_id ON diagnostic_summaries (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild diagnostic_summaries

-- Rebuild table activity_logs (dropped column archived_by is part of a key or constraint; foreign keys change)
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
