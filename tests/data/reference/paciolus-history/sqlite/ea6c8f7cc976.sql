ALTER TABLE users ADD COLUMN pending_email VARCHAR(255);

UPDATE alembic_version SET version_num='ea6c8f7cc976' WHERE alembic_version.version_num = 'c324b5d13ed5';

