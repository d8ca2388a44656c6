ALTER TABLE tool_runs ADD COLUMN flagged_accounts TEXT;

UPDATE alembic_version SET version_num='b7d2f1e4a903' WHERE alembic_version.version_num = 'a3c5e9f28d01';

