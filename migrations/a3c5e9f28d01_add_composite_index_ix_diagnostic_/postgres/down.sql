-- a3c5e9f28d01: Add composite index ix_diagnostic_summaries_client_user_period
-- downgrade on PostgreSQL; parents: 0f1346198438

-- Drop index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_client_user_period;
