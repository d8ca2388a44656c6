-- a1b2c3d4e5f6: Float to Numeric(19,2) for monetary columns — Sprint 341
-- upgrade on PostgreSQL; parents: dd9b8bff6e0c

-- Alter table activity_logs
ALTER TABLE activity_logs ALTER COLUMN total_debits TYPE NUMERIC(19, 2) USING total_debits::NUMERIC(19, 2);

ALTER TABLE activity_logs ALTER COLUMN total_credits TYPE NUMERIC(19, 2) USING total_credits::NUMERIC(19, 2);

ALTER TABLE activity_logs ALTER COLUMN materiality_threshold TYPE NUMERIC(19, 2) USING materiality_threshold::NUMERIC(19, 2);

-- Alter table diagnostic_summaries
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

-- Alter table engagements
ALTER TABLE engagements ALTER COLUMN materiality_amount TYPE NUMERIC(19, 2) USING materiality_amount::NUMERIC(19, 2);
