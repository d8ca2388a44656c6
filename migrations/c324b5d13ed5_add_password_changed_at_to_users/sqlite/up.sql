-- c324b5d13ed5: add password_changed_at to users
-- upgrade on SQLite; parents: 17fe65a813fb

-- Add column users.password_changed_at
ALTER TABLE users ADD COLUMN password_changed_at DATETIME;
