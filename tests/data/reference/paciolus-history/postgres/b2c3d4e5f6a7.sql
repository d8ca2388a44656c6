ALTER TABLE activity_logs ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE activity_logs ADD COLUMN archived_by INTEGER;

ALTER TABLE activity_logs ADD CONSTRAINT fk_activity_logs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

ALTER TABLE activity_logs ADD COLUMN archive_reason VARCHAR(255);

CREATE INDEX ix_activity_logs_archived_at ON activity_logs (archived_at);

ALTER TABLE diagnostic_summaries ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE diagnostic_summaries ADD COLUMN archived_by INTEGER;

ALTER TABLE diagnostic_summaries ADD CONSTRAINT fk_diagnostic_summaries_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

ALTER TABLE diagnostic_summaries ADD COLUMN archive_reason VARCHAR(255);

CREATE INDEX ix_diagnostic_summaries_archived_at ON diagnostic_summaries (archived_at);

ALTER TABLE tool_runs ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE tool_runs ADD COLUMN archived_by INTEGER;

ALTER TABLE tool_runs ADD CONSTRAINT fk_tool_runs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

ALTER TABLE tool_runs ADD COLUMN archive_reason VARCHAR(255);

CREATE INDEX ix_tool_runs_archived_at ON tool_runs (archived_at);

ALTER TABLE follow_up_items ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE follow_up_items ADD COLUMN archived_by INTEGER;

ALTER TABLE follow_up_items ADD CONSTRAINT fk_follow_up_items_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

ALTER TABLE follow_up_items ADD COLUMN archive_reason VARCHAR(255);

CREATE INDEX ix_follow_up_items_archived_at ON follow_up_items (archived_at);

ALTER TABLE follow_up_item_comments ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE follow_up_item_comments ADD COLUMN archived_by INTEGER;

ALTER TABLE follow_up_item_comments ADD CONSTRAINT fk_follow_up_item_comments_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

ALTER TABLE follow_up_item_comments ADD COLUMN archive_reason VARCHAR(255);

CREATE INDEX ix_follow_up_item_comments_archived_at ON follow_up_item_comments (archived_at);

UPDATE alembic_version SET version_num='b2c3d4e5f6a7' WHERE alembic_version.version_num = 'a1b2c3d4e5f6';

