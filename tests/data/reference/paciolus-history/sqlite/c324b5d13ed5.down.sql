CREATE TABLE _alembic_tmp_users (
	id INTEGER NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	hashed_password VARCHAR(255) NOT NULL, 
	name VARCHAR(100), 
	is_active BOOLEAN, 
	is_verified BOOLEAN, 
	tier VARCHAR(12) NOT NULL, 
	email_verification_token VARCHAR(64), 
	email_verification_sent_at DATETIME, 
	email_verified_at DATETIME, 
	created_at DATETIME, 
	updated_at DATETIME, 
	last_login DATETIME, 
	settings VARCHAR(2000), 
	PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_token, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings) SELECT users.id, users.email, users.hashed_password, users.name, users.is_active, users.is_verified, users.tier, users.email_verification_token, users.email_verification_sent_at, users.email_verified_at, users.created_at, users.updated_at, users.last_login, users.settings 
FROM users;

DROP TABLE users;

ALTER TABLE _alembic_tmp_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_email_verification_token ON users (email_verification_token);

CREATE INDEX ix_users_id ON users (id);

UPDATE alembic_version SET version_num='17fe65a813fb' WHERE alembic_version.version_num = 'c324b5d13ed5';

