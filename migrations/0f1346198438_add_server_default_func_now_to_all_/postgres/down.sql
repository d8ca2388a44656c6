-- 0f1346198438: Add server_default=func.now() to all timestamp columns
-- downgrade on PostgreSQL; parents: 679561a74cc1

-- Alter table refresh_tokens
ALTER TABLE refresh_tokens ALTER COLUMN created_at DROP DEFAULT;

-- Alter table follow_up_item_comments
ALTER TABLE follow_up_item_comments ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE follow_up_item_comments ALTER COLUMN created_at DROP DEFAULT;

-- Alter table follow_up_items
ALTER TABLE follow_up_items ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE follow_up_items ALTER COLUMN created_at DROP DEFAULT;

-- Alter table tool_runs
ALTER TABLE tool_runs ALTER COLUMN run_at DROP DEFAULT;

-- Alter table engagements
ALTER TABLE engagements ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE engagements ALTER COLUMN created_at DROP DEFAULT;

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries ALTER COLUMN timestamp DROP DEFAULT;

-- Alter table email_verification_tokens
ALTER TABLE email_verification_tokens ALTER COLUMN created_at DROP DEFAULT;

-- Alter table clients
ALTER TABLE clients ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE clients ALTER COLUMN created_at DROP DEFAULT;

-- Alter table activity_logs
ALTER TABLE activity_logs ALTER COLUMN timestamp DROP DEFAULT;

-- Alter table users
ALTER TABLE users ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT;
