ALTER TABLE activity_logs ADD COLUMN chain_hash VARCHAR(128);

CREATE INDEX ix_activity_logs_chain_hash ON activity_logs (chain_hash);

UPDATE alembic_version SET version_num='b1c2d3e4f5a6' WHERE alembic_version.version_num = 'f8a3d1c09b72';

