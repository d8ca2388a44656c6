UPDATE alembic_version SET version_num='a848ac91d39a' WHERE alembic_version.version_num = 'f7b3c91a04e2';

