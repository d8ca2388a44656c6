ALTER TABLE export_shares ADD COLUMN passcode_hash VARCHAR(64);

ALTER TABLE export_shares ADD COLUMN single_use BOOLEAN DEFAULT 'false' NOT NULL;

UPDATE alembic_version SET version_num='d1e2f3a4b5c6' WHERE alembic_version.version_num = 'f0a1b2c3d4e5';

