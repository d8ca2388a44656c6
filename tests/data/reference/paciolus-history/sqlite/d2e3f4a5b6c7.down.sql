UPDATE alembic_version SET version_num='c1d2e3f4a5b6' WHERE alembic_version.version_num = 'd2e3f4a5b6c7';

