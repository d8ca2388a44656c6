UPDATE alembic_version SET version_num='f0a1b2c3d4e5' WHERE alembic_version.version_num = 'e9f0a1b2c3d4';

