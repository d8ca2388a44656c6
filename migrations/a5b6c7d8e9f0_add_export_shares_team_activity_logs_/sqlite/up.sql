-- a5b6c7d8e9f0: Add export_shares, team_activity_logs, and firm_branding tables.
-- upgrade on SQLite; parents: f4a5b6c7d8e9

-- Create table export_shares
CREATE TABLE export_shares (
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
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_export_shares_organization_id ON export_shares (organization_id);

CREATE UNIQUE INDEX ix_export_shares_share_token_hash ON export_shares (share_token_hash);

CREATE INDEX ix_export_shares_user_id ON export_shares (user_id);

-- Create table team_activity_logs
CREATE TABLE team_activity_logs (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	action_type VARCHAR(6) NOT NULL, 
	tool_name VARCHAR(100), 
	file_identifier_hash VARCHAR(64), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_team_activity_logs_organization_id ON team_activity_logs (organization_id);

CREATE INDEX ix_team_activity_logs_user_id ON team_activity_logs (user_id);

-- Create table firm_branding
CREATE TABLE firm_branding (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	logo_s3_key VARCHAR(500), 
	logo_content_type VARCHAR(50), 
	logo_size_bytes INTEGER, 
	header_text VARCHAR(200), 
	footer_text VARCHAR(300), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

CREATE UNIQUE INDEX ix_firm_branding_organization_id ON firm_branding (organization_id);
