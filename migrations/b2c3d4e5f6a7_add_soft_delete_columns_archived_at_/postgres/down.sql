-- b2c3d4e5f6a7: Add soft-delete columns (archived_at, archived_by, archive_reason) — Sprint 345
-- downgrade on PostgreSQL; parents: a1b2c3d4e5f6

-- Drop index ix_follow_up_item_comments_archived_at on follow_up_item_comments
DROP INDEX ix_follow_up_item_comments_archived_at;

-- Drop index ix_follow_up_items_archived_at on follow_up_items
DROP INDEX ix_follow_up_items_archived_at;

-- Drop index ix_tool_runs_archived_at on tool_runs
DROP INDEX ix_tool_runs_archived_at;

-- Drop index ix_diagnostic_summaries_archived_at on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_archived_at;

-- Drop index ix_activity_logs_archived_at on activity_logs
DROP INDEX ix_activity_logs_archived_at;

-- Alter table follow_up_item_comments
ALTER TABLE follow_up_item_comments DROP CONSTRAINT fk_follow_up_item_comments_archived_by_users;

ALTER TABLE follow_up_item_comments DROP COLUMN archive_reason;

ALTER TABLE follow_up_item_comments DROP COLUMN archived_by;

ALTER TABLE follow_up_item_comments DROP COLUMN archived_at;

-- Alter table follow_up_items
ALTER TABLE follow_up_items DROP CONSTRAINT fk_follow_up_items_archived_by_users;

ALTER TABLE follow_up_items DROP COLUMN archive_reason;

ALTER TABLE follow_up_items DROP COLUMN archived_by;

ALTER TABLE follow_up_items DROP COLUMN archived_at;

-- Alter table tool_runs
ALTER TABLE tool_runs DROP CONSTRAINT fk_tool_runs_archived_by_users;

ALTER TABLE tool_runs DROP COLUMN archive_reason;

ALTER TABLE tool_runs DROP COLUMN archived_by;

ALTER TABLE tool_runs DROP COLUMN archived_at;

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries DROP CONSTRAINT fk_diagnostic_summaries_archived_by_users;

ALTER TABLE diagnostic_summaries DROP COLUMN archive_reason;

ALTER TABLE diagnostic_summaries DROP COLUMN archived_by;

ALTER TABLE diagnostic_summaries DROP COLUMN archived_at;

-- Alter table activity_logs
ALTER TABLE activity_logs DROP CONSTRAINT fk_activity_logs_archived_by_users;

ALTER TABLE activity_logs DROP COLUMN archive_reason;

ALTER TABLE activity_logs DROP COLUMN archived_by;

ALTER TABLE activity_logs DROP COLUMN archived_at;
