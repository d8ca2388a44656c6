DELETE FROM alembic_version WHERE alembic_version.version_num = '591a_dunning';

DELETE FROM alembic_version WHERE alembic_version.version_num = 'c2d3e4f5a6b7';

UPDATE alembic_version SET version_num='a848ac91d39a' WHERE alembic_version.version_num = 'd1e2f3a4b5c6';

