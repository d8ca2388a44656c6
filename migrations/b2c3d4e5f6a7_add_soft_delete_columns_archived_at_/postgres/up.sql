-- b2c3d4e5f6a7: Add soft-delete columns (archived_at, archived_by, archive_reason) — Sprint 345
-- upgrade on PostgreSQL; parents: a1b2c3d4e5f6

-- Alter table activity_logs
ALTER TABLE activity_logs ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE activity_logs ADD COLUMN archived_by INTEGER;

ALTER TABLE activity_logs ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE activity_logs ADD CONSTRAINT fk_activity_logs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE diagnostic_summaries ADD COLUMN archived_by INTEGER;

ALTER TABLE diagnostic_summaries ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE diagnostic_summaries ADD CONSTRAINT fk_diagnostic_summaries_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table tool_runs
ALTER TABLE tool_runs ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE tool_runs ADD COLUMN archived_by INTEGER;

ALTER TABLE tool_runs ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE tool_runs ADD CONSTRAINT fk_tool_runs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table follow_up_items
ALTER TABLE follow_up_items ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE follow_up_items ADD COLUMN archived_by INTEGER;

ALTER TABLE follow_up_items ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE follow_up_items ADD CONSTRAINT fk_follow_up_items_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table follow_up_item_comments
ALTER TABLE follow_up_item_comments ADD COLUMN archived_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE follow_up_item_comments ADD COLUMN archived_by INTEGER;

ALTER TABLE follow_up_item_comments ADD COLUMN archive_reason VARCHAR(255);

ALTER TABLE follow_up_item_comments ADD CONSTRAINT fk_follow_up_item_comments_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Create index ix_activity_logs_archived_at on activity_logs
CREATE INDEX ix_activity_logs_archived_at ON activity_logs (archived_at);

-- Create index ix_diagnostic_summaries_archived_at on diagnostic_summaries
CREATE INDEX ix_diagnostic_summaries_archived_at ON diagnostic_summaries (archived_at);

-- Create index ix_tool_runs_archived_at on tool_runs
CREATE INDEX ix_tool_runs_archived_at ON tool_runs (archived_at);

-- Create index ix_follow_up_items_archived_at on follow_up_items
CREATE INDEX ix_follow_up_items_archived_at ON follow_up_items (archived_at);

-- Create index ix_follow_up_item_comments_archived_at on follow_up_item_comments
CREATE INDEX ix_follow_up_item_comments_archived_at ON follow_up_item_comments (archived_at);
