-- c324b5d13ed5: add password_changed_at to users
-- downgrade on SQLite; parents: 17fe65a813fb

-- Drop column users.password_changed_at
ALTER TABLE users DROP COLUMN password_changed_at;
