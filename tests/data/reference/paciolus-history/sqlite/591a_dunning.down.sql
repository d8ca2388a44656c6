DROP INDEX ix_dunning_state_last_failed;

DROP INDEX ix_dunning_sub_state;

DROP TABLE dunning_episodes;

UPDATE alembic_version SET version_num='590a_superadmin' WHERE alembic_version.version_num = '591a_dunning';

