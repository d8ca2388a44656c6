-- 679561a74cc1: Add tool_sessions table
-- downgrade on SQLite; parents: 0b17eb7cb88c

-- Drop table tool_sessions
DROP TABLE tool_sessions;
