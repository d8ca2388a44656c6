ALTER TABLE activity_logs ALTER COLUMN total_debits TYPE NUMERIC(19, 2);

ALTER TABLE activity_logs ALTER COLUMN total_credits TYPE NUMERIC(19, 2);

ALTER TABLE activity_logs ALTER COLUMN materiality_threshold TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_assets TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN current_assets TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN inventory TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_liabilities TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN current_liabilities TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_equity TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_revenue TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN cost_of_goods_sold TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_expenses TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN operating_expenses TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_debits TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN total_credits TYPE NUMERIC(19, 2);

ALTER TABLE diagnostic_summaries ALTER COLUMN materiality_threshold TYPE NUMERIC(19, 2);

ALTER TABLE engagements ALTER COLUMN materiality_amount TYPE NUMERIC(19, 2);

UPDATE alembic_version SET version_num='a1b2c3d4e5f6' WHERE alembic_version.version_num = 'dd9b8bff6e0c';

