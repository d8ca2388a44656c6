-- d8e9f0a1b2c3: Add scheduler_locks table.
-- upgrade on PostgreSQL; parents: c7d8e9f0a1b2

-- Create table scheduler_locks
CREATE TABLE scheduler_locks (
	job_name VARCHAR(100) NOT NULL, 
	locked_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	locked_by VARCHAR(100) NOT NULL, 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (job_name)
);
