ALTER TABLE users ADD COLUMN email_verification_token VARCHAR(64);

CREATE INDEX ix_users_email_verification_token ON users (email_verification_token);

CREATE TABLE _alembic_tmp_email_verification_tokens (
	id INTEGER NOT NULL, 
	token VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _alembic_tmp_email_verification_tokens (id, user_id, expires_at, created_at, used_at) SELECT email_verification_tokens.id, email_verification_tokens.user_id, email_verification_tokens.expires_at, email_verification_tokens.created_at, email_verification_tokens.used_at 
FROM email_verification_tokens;

DROP TABLE email_verification_tokens;

ALTER TABLE _alembic_tmp_email_verification_tokens RENAME TO email_verification_tokens;

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

CREATE UNIQUE INDEX ix_email_verification_tokens_token ON email_verification_tokens (token);

UPDATE alembic_version SET version_num='b590bb0555c3' WHERE alembic_version.version_num = 'ecda5f408617';

