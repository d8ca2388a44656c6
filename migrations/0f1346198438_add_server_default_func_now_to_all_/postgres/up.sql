-- 0f1346198438: Add server_default=func.now() to all timestamp columns
-- upgrade on PostgreSQL; parents: 679561a74cc1

-- Alter table users
ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE users ALTER COLUMN updated_at SET DEFAULT now();

-- Alter table activity_logs
ALTER TABLE activity_logs ALTER COLUMN timestamp SET DEFAULT now();

-- Alter table clients
ALTER TABLE clients ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE clients ALTER COLUMN updated_at SET DEFAULT now();

-- Alter table email_verification_tokens
ALTER TABLE email_verification_tokens ALTER COLUMN created_at SET DEFAULT now();

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries ALTER COLUMN timestamp SET DEFAULT now();

-- Alter table engagements
ALTER TABLE engagements ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE engagements ALTER COLUMN updated_at SET DEFAULT now();

-- Alter table tool_runs
ALTER TABLE tool_runs ALTER COLUMN run_at SET DEFAULT now();

-- Alter table follow_up_items
ALTER TABLE follow_up_items ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE follow_up_items ALTER COLUMN updated_at SET DEFAULT now();

-- Alter table follow_up_item_comments
ALTER TABLE follow_up_item_comments ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE follow_up_item_comments ALTER COLUMN updated_at SET DEFAULT now();

-- Alter table refresh_tokens
ALTER TABLE refresh_tokens ALTER COLUMN created_at SET DEFAULT now();
