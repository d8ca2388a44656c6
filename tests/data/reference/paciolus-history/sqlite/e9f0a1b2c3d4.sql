CREATE TABLE upload_dedup (
	dedup_key VARCHAR(255) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (dedup_key)
);

UPDATE alembic_version SET version_num='e9f0a1b2c3d4' WHERE alembic_version.version_num = 'd8e9f0a1b2c3';

