-- c324b5d13ed5: add password_changed_at to users
-- upgrade on PostgreSQL; parents: 17fe65a813fb

-- Alter table users
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP WITHOUT TIME ZONE;
