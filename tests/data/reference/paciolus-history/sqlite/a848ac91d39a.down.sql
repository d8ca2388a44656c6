INSERT INTO alembic_version (version_num) VALUES ('591a_dunning') RETURNING version_num;

INSERT INTO alembic_version (version_num) VALUES ('c2d3e4f5a6b7') RETURNING version_num;

UPDATE alembic_version SET version_num='d1e2f3a4b5c6' WHERE alembic_version.version_num = 'a848ac91d39a';

