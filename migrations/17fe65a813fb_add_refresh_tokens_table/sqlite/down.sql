-- 17fe65a813fb: add refresh_tokens table
-- downgrade on SQLite; parents: e2f21cb79a61

-- Drop table refresh_tokens
DROP TABLE refresh_tokens;
