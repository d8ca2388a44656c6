CREATE TABLE _alembic_tmp_engagements (
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
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	PRIMARY KEY (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE RESTRICT, 
	FOREIGN KEY(created_by) REFERENCES users (id)
);

INSERT INTO _alembic_tmp_engagements (id, client_id, period_start, period_end, status, materiality_basis, materiality_percentage, materiality_amount, performance_materiality_factor, trivial_threshold_factor, created_by, created_at, updated_at) SELECT engagements.id, engagements.client_id, engagements.period_start, engagements.period_end, engagements.status, engagements.materiality_basis, engagements.materiality_percentage, engagements.materiality_amount, engagements.performance_materiality_factor, engagements.trivial_threshold_factor, engagements.created_by, engagements.created_at, engagements.updated_at 
FROM engagements;

DROP TABLE engagements;

ALTER TABLE _alembic_tmp_engagements RENAME TO engagements;

CREATE INDEX ix_engagements_client_id ON engagements (client_id);

CREATE INDEX ix_engagements_id ON engagements (id);

CREATE INDEX ix_engagements_status ON engagements (status);

CREATE TABLE _alembic_tmp_diagnostic_summaries (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	timestamp DATETIME DEFAULT (CURRENT_TIMESTAMP), 
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

INSERT INTO _alembic_tmp_diagnostic_summaries (id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count) SELECT diagnostic_summaries.id, diagnostic_summaries.client_id, diagnostic_summaries.user_id, diagnostic_summaries.timestamp, diagnostic_summaries.period_date, diagnostic_summaries.period_type, diagnostic_summaries.period_label, diagnostic_summaries.filename_hash, diagnostic_summaries.filename_display, diagnostic_summaries.total_assets, diagnostic_summaries.current_assets, diagnostic_summaries.inventory, diagnostic_summaries.total_liabilities, diagnostic_summaries.current_liabilities, diagnostic_summaries.total_equity, diagnostic_summaries.total_revenue, diagnostic_summaries.cost_of_goods_sold, diagnostic_summaries.total_expenses, diagnostic_summaries.operating_expenses, diagnostic_summaries.current_ratio, diagnostic_summaries.quick_ratio, diagnostic_summaries.debt_to_equity, diagnostic_summaries.gross_margin, diagnostic_summaries.net_profit_margin, diagnostic_summaries.operating_margin, diagnostic_summaries.return_on_assets, diagnostic_summaries.return_on_equity, diagnostic_summaries.total_debits, diagnostic_summaries.total_credits, diagnostic_summaries.was_balanced, diagnostic_summaries.anomaly_count, diagnostic_summaries.materiality_threshold, diagnostic_summaries.row_count 
FROM diagnostic_summaries;

DROP TABLE diagnostic_summaries;

ALTER TABLE _alembic_tmp_diagnostic_summaries RENAME TO diagnostic_summaries;

CREATE INDEX ix_diagnostic_summaries_client_id ON diagnostic_summaries (client_id);

CREATE INDEX ix_diagnostic_summaries_client_user_period ON diagnostic_summaries (client_id, user_id, period_date);

CREATE INDEX ix_diagnostic_summaries_id ON diagnostic_summaries (id);

CREATE INDEX ix_diagnostic_summaries_period_date ON diagnostic_summaries (period_date);

CREATE INDEX ix_diagnostic_summaries_timestamp ON diagnostic_summaries (timestamp);

CREATE INDEX ix_diagnostic_summaries_user_id ON diagnostic_summaries (user_id);

CREATE TABLE _alembic_tmp_activity_logs (
	id INTEGER NOT NULL, 
	user_id INTEGER, 
	filename_hash VARCHAR(64) NOT NULL, 
	filename_display VARCHAR(20), 
	timestamp DATETIME DEFAULT (CURRENT_TIMESTAMP), 
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
	chain_hash VARCHAR(128), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _alembic_tmp_activity_logs (id, user_id, filename_hash, filename_display, timestamp, record_count, total_debits, total_credits, materiality_threshold, was_balanced, anomaly_count, material_count, immaterial_count, is_consolidated, sheet_count, chain_hash) SELECT activity_logs.id, activity_logs.user_id, activity_logs.filename_hash, activity_logs.filename_display, activity_logs.timestamp, activity_logs.record_count, activity_logs.total_debits, activity_logs.total_credits, activity_logs.materiality_threshold, activity_logs.was_balanced, activity_logs.anomaly_count, activity_logs.material_count, activity_logs.immaterial_count, activity_logs.is_consolidated, activity_logs.sheet_count, activity_logs.chain_hash 
FROM activity_logs;

DROP TABLE activity_logs;

ALTER TABLE _alembic_tmp_activity_logs RENAME TO activity_logs;

CREATE INDEX ix_activity_logs_chain_hash ON activity_logs (chain_hash);

CREATE INDEX ix_activity_logs_id ON activity_logs (id);

CREATE INDEX ix_activity_logs_timestamp ON activity_logs (timestamp);

CREATE INDEX ix_activity_logs_user_id ON activity_logs (user_id);

UPDATE alembic_version SET version_num='dd9b8bff6e0c' WHERE alembic_version.version_num = 'a1b2c3d4e5f6';

