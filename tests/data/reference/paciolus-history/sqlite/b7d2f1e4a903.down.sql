CREATE TABLE _alembic_tmp_tool_runs (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_name VARCHAR(21) NOT NULL, 
	run_number INTEGER NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	composite_score FLOAT, 
	run_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE
);

INSERT INTO _alembic_tmp_tool_runs (id, engagement_id, tool_name, run_number, status, composite_score, run_at) SELECT tool_runs.id, tool_runs.engagement_id, tool_runs.tool_name, tool_runs.run_number, tool_runs.status, tool_runs.composite_score, tool_runs.run_at 
FROM tool_runs;

DROP TABLE tool_runs;

ALTER TABLE _alembic_tmp_tool_runs RENAME TO tool_runs;

CREATE INDEX ix_tool_runs_engagement_id ON tool_runs (engagement_id);

CREATE INDEX ix_tool_runs_engagement_tool ON tool_runs (engagement_id, tool_name);

CREATE INDEX ix_tool_runs_id ON tool_runs (id);

CREATE INDEX ix_tool_runs_run_at ON tool_runs (run_at);

CREATE INDEX ix_tool_runs_tool_name ON tool_runs (tool_name);

UPDATE alembic_version SET version_num='a3c5e9f28d01' WHERE alembic_version.version_num = 'b7d2f1e4a903';

