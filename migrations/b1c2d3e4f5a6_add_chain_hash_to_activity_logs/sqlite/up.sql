-- b1c2d3e4f5a6: add chain_hash to activity_logs
-- upgrade on SQLite; parents: f8a3d1c09b72

-- Add column activity_logs.chain_hash
ALTER TABLE activity_logs ADD COLUMN chain_hash VARCHAR(128);

-- Create index ix_activity_logs_chain_hash on activity_logs
CREATE INDEX ix_activity_logs_chain_hash ON activity_logs (chain_hash);
