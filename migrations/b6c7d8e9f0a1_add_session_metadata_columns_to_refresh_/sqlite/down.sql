-- b6c7d8e9f0a1: Add session metadata columns to refresh_tokens table.
-- downgrade on SQLite; parents: a5b6c7d8e9f0

-- Drop column refresh_tokens.ip_address
ALTER TABLE refresh_tokens DROP COLUMN ip_address;

-- Drop column refresh_tokens.user_agent
ALTER TABLE refresh_tokens DROP COLUMN user_agent;

-- Drop column refresh_tokens.last_used_at
ALTER TABLE refresh_tokens DROP COLUMN last_used_at;
