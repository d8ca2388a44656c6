-- b1c2d3e4f5a6: add chain_hash to activity_logs
-- downgrade on PostgreSQL; parents: f8a3d1c09b72

-- Drop index ix_activity_logs_chain_hash on activity_logs
DROP INDEX ix_activity_logs_chain_hash;

-- Alter table activity_logs
ALTER TABLE activity_logs DROP COLUMN chain_hash;
