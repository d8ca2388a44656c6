CREATE TABLE scheduler_locks (
	job_name VARCHAR(100) NOT NULL, 
	locked_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	locked_by VARCHAR(100) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (job_name)
);

UPDATE alembic_version SET version_num='d8e9f0a1b2c3' WHERE alembic_version.version_num = 'c7d8e9f0a1b2';

