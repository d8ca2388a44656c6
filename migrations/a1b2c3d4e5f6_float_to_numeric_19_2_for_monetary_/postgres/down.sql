-- a1b2c3d4e5f6: Float to Numeric(19,2) for monetary columns — Sprint 341
-- downgrade on PostgreSQL; parents: dd9b8bff6e0c

-- Alter table engagements
ALTER TABLE engagements ALTER COLUMN materiality_amount TYPE FLOAT USING materiality_amount::FLOAT;

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries ALTER COLUMN materiality_threshold TYPE FLOAT USING materiality_threshold::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_credits TYPE FLOAT USING total_credits::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_debits TYPE FLOAT USING total_debits::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN operating_expenses TYPE FLOAT USING operating_expenses::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_expenses TYPE FLOAT USING total_expenses::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN cost_of_goods_sold TYPE FLOAT USING cost_of_goods_sold::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_revenue TYPE FLOAT USING total_revenue::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_equity TYPE FLOAT USING total_equity::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_liabilities TYPE FLOAT USING current_liabilities::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_liabilities TYPE FLOAT USING total_liabilities::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN inventory TYPE FLOAT USING inventory::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_assets TYPE FLOAT USING current_assets::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_assets TYPE FLOAT USING total_assets::FLOAT;

-- Alter table activity_logs
ALTER TABLE activity_logs ALTER COLUMN materiality_threshold TYPE FLOAT USING materiality_threshold::FLOAT;

ALTER TABLE activity_logs ALTER COLUMN total_credits TYPE FLOAT USING total_credits::FLOAT;

ALTER TABLE activity_logs ALTER COLUMN total_debits TYPE FLOAT USING total_debits::FLOAT;
