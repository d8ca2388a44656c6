ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE users ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE activity_logs ALTER COLUMN timestamp SET DEFAULT now();

ALTER TABLE clients ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE clients ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE diagnostic_summaries ALTER COLUMN timestamp SET DEFAULT now();

ALTER TABLE email_verification_tokens ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE refresh_tokens ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE engagements ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE engagements ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE tool_runs ALTER COLUMN run_at SET DEFAULT now();

ALTER TABLE follow_up_items ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE follow_up_items ALTER COLUMN updated_at SET DEFAULT now();

ALTER TABLE follow_up_item_comments ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE follow_up_item_comments ALTER COLUMN updated_at SET DEFAULT now();

UPDATE alembic_version SET version_num='0f1346198438' WHERE alembic_version.version_num = '679561a74cc1';

