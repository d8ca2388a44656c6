-- b6c7d8e9f0a1: Add session metadata columns to refresh_tokens table.
-- upgrade on PostgreSQL; parents: a5b6c7d8e9f0

-- Alter table refresh_tokens
ALTER TABLE refresh_tokens ADD COLUMN last_used_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE refresh_tokens ADD COLUMN user_agent VARCHAR(512);

ALTER TABLE refresh_tokens ADD COLUMN ip_address VARCHAR(45);
