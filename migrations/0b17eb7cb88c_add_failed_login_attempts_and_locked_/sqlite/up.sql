-- 0b17eb7cb88c: Add failed_login_attempts and locked_until to users
-- upgrade on SQLite; parents: ea6c8f7cc976

-- Add column users.failed_login_attempts
ALTER TABLE users ADD COLUMN failed_login_attempts INTEGER DEFAULT '0' NOT NULL;

-- Add column users.locked_until
ALTER TABLE users ADD COLUMN locked_until DATETIME;
