-- ea6c8f7cc976: add pending_email to users
-- upgrade on PostgreSQL; parents: c324b5d13ed5

-- Alter table users
ALTER TABLE users ADD COLUMN pending_email VARCHAR(255);
