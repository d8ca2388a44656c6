UPDATE alembic_version SET version_num='e9f0a1b2c3d4' WHERE alembic_version.version_num = 'f0a1b2c3d4e5';

