-- e9f0a1b2c3d4: Add upload_dedup table.
-- upgrade on SQLite; parents: d8e9f0a1b2c3

-- Create table upload_dedup
CREATE TABLE upload_dedup (
	dedup_key VARCHAR(255) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (dedup_key)
);
