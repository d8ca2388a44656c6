-- 0b17eb7cb88c: Add failed_login_attempts and locked_until to users
-- downgrade on PostgreSQL; parents: ea6c8f7cc976

-- Alter table users
ALTER TABLE users DROP COLUMN locked_until;

ALTER TABLE users DROP COLUMN failed_login_attempts;
