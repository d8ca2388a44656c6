CREATE TABLE _alembic_tmp_refresh_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	revoked_at DATETIME, 
	replaced_by_hash VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _alembic_tmp_refresh_tokens (id, user_id, token_hash, expires_at, created_at, revoked_at, replaced_by_hash) SELECT refresh_tokens.id, refresh_tokens.user_id, refresh_tokens.token_hash, refresh_tokens.expires_at, refresh_tokens.created_at, refresh_tokens.revoked_at, refresh_tokens.replaced_by_hash 
FROM refresh_tokens;

DROP TABLE refresh_tokens;

ALTER TABLE _alembic_tmp_refresh_tokens RENAME TO refresh_tokens;

CREATE INDEX ix_refresh_tokens_id ON refresh_tokens (id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);

UPDATE alembic_version SET version_num='a5b6c7d8e9f0' WHERE alembic_version.version_num = 'b6c7d8e9f0a1';

