-- ea6c8f7cc976: add pending_email to users
-- downgrade on SQLite; parents: c324b5d13ed5

-- Drop column users.pending_email
ALTER TABLE users DROP COLUMN pending_email;
