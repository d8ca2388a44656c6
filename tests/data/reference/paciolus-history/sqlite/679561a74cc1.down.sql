DROP INDEX ix_tool_sessions_user_id;

DROP INDEX ix_tool_sessions_id;

DROP TABLE tool_sessions;

UPDATE alembic_version SET version_num='0b17eb7cb88c' WHERE alembic_version.version_num = '679561a74cc1';

