ALTER TABLE users ADD COLUMN failed_login_attempts INTEGER DEFAULT '0' NOT NULL;

ALTER TABLE users ADD COLUMN locked_until DATETIME;

INSERT INTO alembic_version (version_num) VALUES ('0b17eb7cb88c') RETURNING version_num;

