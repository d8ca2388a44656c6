ALTER TABLE refresh_tokens ADD COLUMN last_used_at DATETIME;

ALTER TABLE refresh_tokens ADD COLUMN user_agent VARCHAR(512);

ALTER TABLE refresh_tokens ADD COLUMN ip_address VARCHAR(45);

UPDATE alembic_version SET version_num='b6c7d8e9f0a1' WHERE alembic_version.version_num = 'a5b6c7d8e9f0';

