DROP INDEX ix_activity_logs_chain_hash;

ALTER TABLE activity_logs DROP COLUMN chain_hash;

UPDATE alembic_version SET version_num='f8a3d1c09b72' WHERE alembic_version.version_num = 'b1c2d3e4f5a6';

