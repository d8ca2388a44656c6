DROP TABLE upload_dedup;

UPDATE alembic_version SET version_num='d8e9f0a1b2c3' WHERE alembic_version.version_num = 'e9f0a1b2c3d4';

