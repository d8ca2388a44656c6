UPDATE alembic_version SET version_num='418d00cd85ae' WHERE alembic_version.version_num = 'c2d3e4f5a6b7';

