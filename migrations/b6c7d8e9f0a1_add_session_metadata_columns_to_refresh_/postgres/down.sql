-- b6c7d8e9f0a1: Add session metadata columns to refresh_tokens table.
-- downgrade on PostgreSQL; parents: a5b6c7d8e9f0

-- Alter table refresh_tokens
ALTER TABLE refresh_tokens DROP COLUMN ip_address;

ALTER TABLE refresh_tokens DROP COLUMN user_agent;

ALTER TABLE refresh_tokens DROP COLUMN last_used_at;
