-- b6c7d8e9f0a1: Add session metadata columns to refresh_tokens table.
-- upgrade on SQLite; parents: a5b6c7d8e9f0

-- Add column refresh_tokens.last_used_at
ALTER TABLE refresh_tokens ADD COLUMN last_used_at DATETIME;

-- Add column refresh_tokens.user_agent
ALTER TABLE refresh_tokens ADD COLUMN user_agent VARCHAR(512);

-- Add column refresh_tokens.ip_address
ALTER TABLE refresh_tokens ADD COLUMN ip_address VARCHAR(45);
