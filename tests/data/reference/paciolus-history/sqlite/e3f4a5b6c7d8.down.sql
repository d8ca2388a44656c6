UPDATE alembic_version SET version_num='d2e3f4a5b6c7' WHERE alembic_version.version_num = 'e3f4a5b6c7d8';

