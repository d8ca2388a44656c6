-- b1c2d3e4f5a6: add chain_hash to activity_logs
-- downgrade on SQLite; parents: f8a3d1c09b72

-- Drop index ix_activity_logs_chain_hash on activity_logs
DROP INDEX ix_activity_logs_chain_hash;

-- Drop column activity_logs.chain_hash
ALTER TABLE activity_logs DROP COLUMN chain_hash;
