INSERT INTO alembic_version (version_num) VALUES ('b1c2d3e4f5a6') RETURNING version_num;

UPDATE alembic_version SET version_num='a4b5c6d7e8f9' WHERE alembic_version.version_num = 'c1d2e3f4a5b6';

