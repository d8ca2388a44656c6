-- d8e9f0a1b2c3: Add scheduler_locks table.
-- downgrade on PostgreSQL; parents: c7d8e9f0a1b2

-- Drop table scheduler_locks
DROP TABLE scheduler_locks;
