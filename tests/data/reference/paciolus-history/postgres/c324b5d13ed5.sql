ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP WITHOUT TIME ZONE;

UPDATE alembic_version SET version_num='c324b5d13ed5' WHERE alembic_version.version_num = '17fe65a813fb';

