ALTER TABLE export_shares DROP COLUMN passcode_locked_until;

ALTER TABLE export_shares DROP COLUMN passcode_failed_attempts;

CREATE TABLE _alembic_tmp_export_shares (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	organization_id INTEGER, 
	share_token_hash VARCHAR(64) NOT NULL, 
	tool_name VARCHAR(100) NOT NULL, 
	export_format VARCHAR(20) NOT NULL, 
	export_data BLOB NOT NULL, 
	shared_by_name VARCHAR(255), 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	expires_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	access_count INTEGER DEFAULT '0' NOT NULL, 
	last_accessed_at DATETIME, 
	passcode_hash VARCHAR(64), 
	single_use BOOLEAN DEFAULT 'false' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

INSERT INTO _alembic_tmp_export_shares (id, user_id, organization_id, share_token_hash, tool_name, export_format, export_data, shared_by_name, created_at, expires_at, revoked_at, access_count, last_accessed_at, passcode_hash, single_use) SELECT export_shares.id, export_shares.user_id, export_shares.organization_id, export_shares.share_token_hash, export_shares.tool_name, export_shares.export_format, export_shares.export_data, export_shares.shared_by_name, export_shares.created_at, export_shares.expires_at, export_shares.revoked_at, export_shares.access_count, export_shares.last_accessed_at, export_shares.passcode_hash, export_shares.single_use 
FROM export_shares;

DROP TABLE export_shares;

ALTER TABLE _alembic_tmp_export_shares RENAME TO export_shares;

CREATE INDEX ix_export_shares_organization_id ON export_shares (organization_id);

CREATE UNIQUE INDEX ix_export_shares_share_token_hash ON export_shares (share_token_hash);

CREATE INDEX ix_export_shares_user_id ON export_shares (user_id);

UPDATE alembic_version SET version_num='f7b3c91a04e2' WHERE alembic_version.version_num = 'c1a5f0d7b4e2';

