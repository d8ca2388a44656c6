UPDATE alembic_version SET version_num='f8a3d1c09b72' WHERE alembic_version.version_num = 'ea6c8f7cc976';

