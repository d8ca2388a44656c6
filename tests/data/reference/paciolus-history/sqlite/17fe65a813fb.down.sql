DROP INDEX ix_refresh_tokens_user_id;

DROP INDEX ix_refresh_tokens_token_hash;

DROP INDEX ix_refresh_tokens_id;

DROP TABLE refresh_tokens;

UPDATE alembic_version SET version_num='e2f21cb79a61' WHERE alembic_version.version_num = '17fe65a813fb';

