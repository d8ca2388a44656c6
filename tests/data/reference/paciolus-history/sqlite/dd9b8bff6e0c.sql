UPDATE alembic_version SET version_num='dd9b8bff6e0c' WHERE alembic_version.version_num = 'b7d2f1e4a903';

