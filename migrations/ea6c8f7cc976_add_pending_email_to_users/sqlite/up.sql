-- ea6c8f7cc976: add pending_email to users
-- upgrade on SQLite; parents: c324b5d13ed5

-- Add column users.pending_email
ALTER TABLE users ADD COLUMN pending_email VARCHAR(255);
