DROP INDEX ix_diagnostic_summaries_client_user_period;

UPDATE alembic_version SET version_num='0f1346198438' WHERE alembic_version.version_num = 'a3c5e9f28d01';

