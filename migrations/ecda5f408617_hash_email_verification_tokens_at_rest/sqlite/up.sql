-- ecda5f408617: Hash email verification tokens at rest
-- upgrade on SQLite; parents: b590bb0555c3

-- Alembic's data step, first: every plaintext token is thrown away (a hash
-- cannot be made from what is stored; users ask for a new verification mail).
-- pschema:data
DELETE FROM email_verification_tokens;
-- pschema:end-data

-- Drop index ix_users_email_verification_token on users
DROP INDEX ix_users_email_verification_token;

-- Drop index ix_email_verification_tokens_token on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token;

-- Drop column users.email_verification_token
ALTER TABLE users DROP COLUMN email_verification_token;

-- Rebuild table email_verification_tokens (new column token_hash is NOT NULL without a default)
-- pschema:rebuild email_verification_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_email_verification_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	used_at DATETIME, 
	token_hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_email_verification_tokens (id, user_id, expires_at, created_at, used_at, token_hash) SELECT id, user_id, expires_at, created_at, used_at, '' FROM email_verification_tokens;

DROP TABLE email_verification_tokens;

ALTER TABLE _pschema_new_email_verification_tokens RENAME TO email_verification_tokens;

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild email_verification_tokens

-- Create index ix_email_verification_tokens_token_hash on email_verification_tokens
CREATE UNIQUE INDEX ix_email_verification_tokens_token_hash ON email_verification_tokens (token_hash);
