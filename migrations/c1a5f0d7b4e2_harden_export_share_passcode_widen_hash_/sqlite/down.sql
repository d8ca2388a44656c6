-- c1a5f0d7b4e2: Harden export-share passcode: widen hash column, add brute-force columns.
-- downgrade on SQLite; parents: f7b3c91a04e2

-- Rebuild table export_shares (column passcode_hash (type String(255) -> String(64)))
-- pschema:rebuild export_shares
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_export_shares (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	organization_id INTEGER, 
	share_token_hash VARCHAR(64) NOT NULL, 
	tool_name VARCHAR(100) NOT NULL, 
	export_format VARCHAR(20) NOT NULL, 
	export_data BLOB NOT NULL, 
	shared_by_name VARCHAR(255), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	expires_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	access_count INTEGER DEFAULT '0' NOT NULL, 
	last_accessed_at DATETIME, 
	passcode_hash VARCHAR(64), 
	single_use BOOLEAN DEFAULT 'false' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_export_shares (id, user_id, organization_id, share_token_hash, tool_name, export_format, export_data, shared_by_name, created_at, expires_at, revoked_at, access_count, last_accessed_at, passcode_hash, single_use) SELECT id, user_id, organization_id, share_token_hash, tool_name, export_format, export_data, shared_by_name, created_at, expires_at, revoked_at, access_count, last_accessed_at, passcode_hash, single_use FROM export_shares;

DROP TABLE export_shares;

ALTER TABLE _pschema_new_export_shares RENAME TO export_shares;

CREATE INDEX ix_export_shares_organization_id ON export_shares (organization_id);

CREATE UNIQUE INDEX ix_export_shares_share_token_hash ON export_shares (share_token_hash);

CREATE INDEX ix_export_shares_user_id ON export_shares (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild export_shares
