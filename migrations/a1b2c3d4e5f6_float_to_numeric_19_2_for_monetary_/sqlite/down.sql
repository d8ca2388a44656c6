-- a1b2c3d4e5f6: Float to Numeric(19,2) for monetary columns — Sprint 341
-- downgrade on SQLite; parents: dd9b8bff6e0c

-- Rebuild table engagements (column materiality_amount (type Numeric(19, 2) -> Float))
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

-- Rebuild table diagnostic_summaries (column materiality_threshold (type Numeric(19, 2) -> Float); column total_credits (type Numeric(19, 2) -> Float); column total_debits (type Numeric(19, 2) -> Float); column operating_expenses (type Numeric(19, 2) -> Float); column total_expenses (type Numeric(19, 2) -> Float); column cost_of_goods_sold (type Numeric(19, 2) -> Float); column total_revenue (type Numeric(19, 2) -> Float); column total_equity (type Numeric(19, 2) -> Float); column current_liabilities (type Numeric(19, 2) -> Float); column total_liabilities (type Numeric(19, 2) -> Float); column inventory (type Numeric(19, 2) -> Float); column current_assets (type Numeric(19, 2) -> Float); column total_assets (type Numeric(19, 2) -> Float))
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

CREATE INDEX ix_diagnostic_summaries_client_user_period ON diagnostic_summaries (client_id, user_id, period_date);

CREATE INDEX ix_diagnostic_summaries_id ON diagnostic_summaries (id);

CREATE INDEX ix_diagnostic_summaries_period_date ON diagnostic_summaries (period_date);

CREATE INDEX ix_diagnostic_summaries_timestamp ON diagnostic_summaries (timestamp);

CREATE INDEX ix_diagnostic_summaries_user_id ON diagnostic_summaries (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild diagnostic_summaries

-- Rebuild table activity_logs (column materiality_threshold (type Numeric(19, 2) -> Float); column total_credits (type Numeric(19, 2) -> Float); column total_debits (type Numeric(19, 2) -> Float))
-- pschema:rebuild activity_logs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_activity_logs (
	id INTEGER NOT NULL, 
	user_id INTEGER, 
	filename_hash VARCHAR(64) NOT NULL, 
	filename_display VARCHAR(20), 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
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
