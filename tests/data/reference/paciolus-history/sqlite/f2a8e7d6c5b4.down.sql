DROP INDEX ix_analytical_expectations_eng_status;

DROP TABLE analytical_expectations;

UPDATE alembic_version SET version_num='e1a2b3c4d5f6' WHERE alembic_version.version_num = 'f2a8e7d6c5b4';

