ALTER TABLE export_shares DROP COLUMN single_use;

ALTER TABLE export_shares DROP COLUMN passcode_hash;

UPDATE alembic_version SET version_num='f0a1b2c3d4e5' WHERE alembic_version.version_num = 'd1e2f3a4b5c6';

