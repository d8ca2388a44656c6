-- 0b17eb7cb88c: Add failed_login_attempts and locked_until to users
-- downgrade on SQLite; parents: ea6c8f7cc976

-- Drop column users.locked_until
ALTER TABLE users DROP COLUMN locked_until;

-- Drop column users.failed_login_attempts
ALTER TABLE users DROP COLUMN failed_login_attempts;
