-- a3c5e9f28d01: Add composite index ix_diagnostic_summaries_client_user_period
-- upgrade on SQLite; parents: 0f1346198438

-- Create index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
CREATE INDEX ix_diagnostic_summaries_client_user_period ON diagnostic_summaries (client_id, user_id, period_date);
