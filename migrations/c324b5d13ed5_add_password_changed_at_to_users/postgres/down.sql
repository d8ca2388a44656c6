-- c324b5d13ed5: add password_changed_at to users
-- downgrade on PostgreSQL; parents: 17fe65a813fb

-- Alter table users
ALTER TABLE users DROP COLUMN password_changed_at;
