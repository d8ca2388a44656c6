-- e9f0a1b2c3d4: Add upload_dedup table.
-- upgrade on PostgreSQL; parents: d8e9f0a1b2c3

-- Create table upload_dedup
CREATE TABLE upload_dedup (
	dedup_key VARCHAR(255) NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (dedup_key)
);
