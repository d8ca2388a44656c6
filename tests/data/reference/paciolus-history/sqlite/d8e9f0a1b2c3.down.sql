DROP TABLE scheduler_locks;

UPDATE alembic_version SET version_num='c7d8e9f0a1b2' WHERE alembic_version.version_num = 'd8e9f0a1b2c3';

