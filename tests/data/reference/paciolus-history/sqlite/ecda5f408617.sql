DELETE FROM email_verification_tokens;

CREATE TABLE _alembic_tmp_email_verification_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	used_at DATETIME, 
	token_hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _alembic_tmp_email_verification_tokens (id, user_id, expires_at, created_at, used_at) SELECT email_verification_tokens.id, email_verification_tokens.user_id, email_verification_tokens.expires_at, email_verification_tokens.created_at, email_verification_tokens.used_at 
FROM email_verification_tokens;

DROP TABLE email_verification_tokens;

ALTER TABLE _alembic_tmp_email_verification_tokens RENAME TO email_verification_tokens;

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

CREATE UNIQUE INDEX ix_email_verification_tokens_token_hash ON email_verification_tokens (token_hash);

CREATE TABLE _alembic_tmp_users (
	id INTEGER NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	hashed_password VARCHAR(255) NOT NULL, 
	name VARCHAR(100), 
	is_active BOOLEAN, 
	is_verified BOOLEAN, 
	tier VARCHAR(12) NOT NULL, 
	email_verification_sent_at DATETIME, 
	email_verified_at DATETIME, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	last_login DATETIME, 
	settings VARCHAR(2000), 
	password_changed_at DATETIME, 
	pending_email VARCHAR(255), 
	failed_login_attempts INTEGER DEFAULT '0' NOT NULL, 
	locked_until DATETIME, 
	PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until) SELECT users.id, users.email, users.hashed_password, users.name, users.is_active, users.is_verified, users.tier, users.email_verification_sent_at, users.email_verified_at, users.created_at, users.updated_at, users.last_login, users.settings, users.password_changed_at, users.pending_email, users.failed_login_attempts, users.locked_until 
FROM users;

DROP TABLE users;

ALTER TABLE _alembic_tmp_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

UPDATE alembic_version SET version_num='ecda5f408617' WHERE alembic_version.version_num = 'b590bb0555c3';

