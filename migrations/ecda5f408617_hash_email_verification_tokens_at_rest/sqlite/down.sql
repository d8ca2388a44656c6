-- ecda5f408617: Hash email verification tokens at rest
-- downgrade on SQLite; parents: b590bb0555c3

-- The tokens are hashes, which cannot become plaintext tokens again: they go,
-- so that token can be NOT NULL again (Alembic's downgrade fails on the first
-- row here: its token NOT NULL has no value to take).
-- pschema:data
DELETE FROM email_verification_tokens;
-- pschema:end-data

-- Drop index ix_email_verification_tokens_token_hash on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token_hash;

-- Rebuild table email_verification_tokens (new column token is NOT NULL without a default)
-- pschema:rebuild email_verification_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_email_verification_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_email_verification_tokens (id, user_id, expires_at, created_at, used_at) SELECT id, user_id, expires_at, created_at, used_at FROM email_verification_tokens;

DROP TABLE email_verification_tokens;

ALTER TABLE _pschema_new_email_verification_tokens RENAME TO email_verification_tokens;

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild email_verification_tokens

-- Rebuild table users (new columns go between existing ones)
-- pschema:rebuild users
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_users (
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
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	last_login DATETIME, 
	settings VARCHAR(2000), 
	password_changed_at DATETIME, 
	pending_email VARCHAR(255), 
	failed_login_attempts INTEGER DEFAULT '0' NOT NULL, 
	locked_until DATETIME, 
	PRIMARY KEY (id)
);

INSERT INTO _pschema_new_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until) SELECT id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until FROM users;

DROP TABLE users;

ALTER TABLE _pschema_new_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild users

-- Create index ix_email_verification_tokens_token on email_verification_tokens
CREATE UNIQUE INDEX ix_email_verification_tokens_token ON email_verification_tokens (token);

-- Create index ix_users_email_verification_token on users
CREATE INDEX ix_users_email_verification_token ON users (email_verification_token);
