CREATE INDEX ix_diagnostic_summaries_client_user_period ON diagnostic_summaries (client_id, user_id, period_date);

UPDATE alembic_version SET version_num='a3c5e9f28d01' WHERE alembic_version.version_num = '0f1346198438';

