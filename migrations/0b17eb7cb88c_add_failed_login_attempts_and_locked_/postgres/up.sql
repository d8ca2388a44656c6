-- 0b17eb7cb88c: Add failed_login_attempts and locked_until to users
-- upgrade on PostgreSQL; parents: ea6c8f7cc976

-- Alter table users
ALTER TABLE users ADD COLUMN failed_login_attempts INTEGER DEFAULT '0' NOT NULL;

ALTER TABLE users ADD COLUMN locked_until TIMESTAMP WITHOUT TIME ZONE;
