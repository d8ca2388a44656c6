-- 7d1f0c3a9e25: close the drift between the migrations and the Python models
-- downgrade on SQLite; parents: b5c6d7e8f9a0

-- Drop index ix_uncorrected_misstatements_archived_at on uncorrected_misstatements
DROP INDEX ix_uncorrected_misstatements_archived_at;

-- Drop index ix_analytical_expectations_archived_at on analytical_expectations
DROP INDEX ix_analytical_expectations_archived_at;

-- Drop index ix_dunning_episodes_id on dunning_episodes
DROP INDEX ix_dunning_episodes_id;

-- Drop index ix_admin_audit_logs_id on admin_audit_logs
DROP INDEX ix_admin_audit_logs_id;

-- Drop index ix_firm_branding_id on firm_branding
DROP INDEX ix_firm_branding_id;

-- Drop index ix_team_activity_logs_id on team_activity_logs
DROP INDEX ix_team_activity_logs_id;

-- Drop index ix_export_shares_id on export_shares
DROP INDEX ix_export_shares_id;

-- Drop index ix_organization_invites_id on organization_invites
DROP INDEX ix_organization_invites_id;

-- Drop index ix_organization_members_id on organization_members
DROP INDEX ix_organization_members_id;

-- Drop index uq_tool_runs_engagement_tool_run on tool_runs
DROP INDEX uq_tool_runs_engagement_tool_run;

-- Drop index ix_organizations_subscription_id on organizations
DROP INDEX ix_organizations_subscription_id;

-- Drop index ix_organizations_id on organizations
DROP INDEX ix_organizations_id;

-- Rebuild table uncorrected_misstatements (column archive_reason (type String(255) -> Text); column cpa_disposition (default); column fs_impact_net_assets (default); column fs_impact_net_income (default); column accounts_affected_json (default); foreign keys change)
-- pschema:rebuild uncorrected_misstatements
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_uncorrected_misstatements (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	source_type VARCHAR(22) NOT NULL, 
	source_reference TEXT NOT NULL, 
	description TEXT NOT NULL, 
	accounts_affected_json TEXT DEFAULT '[]' NOT NULL, 
	classification VARCHAR(10) NOT NULL, 
	fs_impact_net_income NUMERIC(19, 2) DEFAULT '0.00' NOT NULL, 
	fs_impact_net_assets NUMERIC(19, 2) DEFAULT '0.00' NOT NULL, 
	cpa_disposition VARCHAR(29) DEFAULT 'not_yet_reviewed' NOT NULL, 
	cpa_notes TEXT, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_by INTEGER, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(created_by) REFERENCES users (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE, 
	FOREIGN KEY(updated_by) REFERENCES users (id)
);

INSERT INTO _pschema_new_uncorrected_misstatements (id, engagement_id, source_type, source_reference, description, accounts_affected_json, classification, fs_impact_net_income, fs_impact_net_assets, cpa_disposition, cpa_notes, created_by, created_at, updated_by, updated_at, archived_at, archived_by, archive_reason) SELECT id, engagement_id, source_type, source_reference, description, accounts_affected_json, classification, fs_impact_net_income, fs_impact_net_assets, cpa_disposition, cpa_notes, created_by, created_at, updated_by, updated_at, archived_at, archived_by, archive_reason FROM uncorrected_misstatements;

DROP TABLE uncorrected_misstatements;

ALTER TABLE _pschema_new_uncorrected_misstatements RENAME TO uncorrected_misstatements;

CREATE INDEX ix_uncorrected_misstatements_classification ON uncorrected_misstatements (classification);

CREATE INDEX ix_uncorrected_misstatements_cpa_disposition ON uncorrected_misstatements (cpa_disposition);

CREATE INDEX ix_uncorrected_misstatements_eng_classification ON uncorrected_misstatements (engagement_id, classification);

CREATE INDEX ix_uncorrected_misstatements_eng_disposition ON uncorrected_misstatements (engagement_id, cpa_disposition);

CREATE INDEX ix_uncorrected_misstatements_engagement_id ON uncorrected_misstatements (engagement_id);

CREATE INDEX ix_uncorrected_misstatements_id ON uncorrected_misstatements (id);

CREATE INDEX ix_uncorrected_misstatements_source_type ON uncorrected_misstatements (source_type);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild uncorrected_misstatements

-- Rebuild table analytical_expectations (column archive_reason (type String(255) -> Text); column result_status (default); column corroboration_tags_json (default); foreign keys change)
-- pschema:rebuild analytical_expectations
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_analytical_expectations (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	procedure_target_type VARCHAR(9) NOT NULL, 
	procedure_target_label VARCHAR(200) NOT NULL, 
	expected_value NUMERIC(19, 2), 
	expected_range_low NUMERIC(19, 2), 
	expected_range_high NUMERIC(19, 2), 
	precision_threshold_amount NUMERIC(19, 2), 
	precision_threshold_percent FLOAT, 
	corroboration_basis_text TEXT NOT NULL, 
	corroboration_tags_json TEXT DEFAULT '[]' NOT NULL, 
	cpa_notes TEXT, 
	result_actual_value NUMERIC(19, 2), 
	result_variance_amount NUMERIC(19, 2), 
	result_status VARCHAR(17) DEFAULT 'not_evaluated' NOT NULL, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_by INTEGER, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(created_by) REFERENCES users (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE, 
	FOREIGN KEY(updated_by) REFERENCES users (id)
);

INSERT INTO _pschema_new_analytical_expectations (id, engagement_id, procedure_target_type, procedure_target_label, expected_value, expected_range_low, expected_range_high, precision_threshold_amount, precision_threshold_percent, corroboration_basis_text, corroboration_tags_json, cpa_notes, result_actual_value, result_variance_amount, result_status, created_by, created_at, updated_by, updated_at, archived_at, archived_by, archive_reason) SELECT id, engagement_id, procedure_target_type, procedure_target_label, expected_value, expected_range_low, expected_range_high, precision_threshold_amount, precision_threshold_percent, corroboration_basis_text, corroboration_tags_json, cpa_notes, result_actual_value, result_variance_amount, result_status, created_by, created_at, updated_by, updated_at, archived_at, archived_by, archive_reason FROM analytical_expectations;

DROP TABLE analytical_expectations;

ALTER TABLE _pschema_new_analytical_expectations RENAME TO analytical_expectations;

CREATE INDEX ix_analytical_expectations_eng_status ON analytical_expectations (engagement_id, result_status);

CREATE INDEX ix_analytical_expectations_engagement_id ON analytical_expectations (engagement_id);

CREATE INDEX ix_analytical_expectations_id ON analytical_expectations (id);

CREATE INDEX ix_analytical_expectations_procedure_target_type ON analytical_expectations (procedure_target_type);

CREATE INDEX ix_analytical_expectations_result_status ON analytical_expectations (result_status);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild analytical_expectations

-- Rebuild table upload_dedup (column created_at (nullable))
-- pschema:rebuild upload_dedup
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_upload_dedup (
	dedup_key VARCHAR(255) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (dedup_key)
);

INSERT INTO _pschema_new_upload_dedup (dedup_key, created_at, expires_at) SELECT dedup_key, created_at, expires_at FROM upload_dedup;

DROP TABLE upload_dedup;

ALTER TABLE _pschema_new_upload_dedup RENAME TO upload_dedup;

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild upload_dedup

-- Rebuild table scheduler_locks (column locked_at (nullable))
-- pschema:rebuild scheduler_locks
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_scheduler_locks (
	job_name VARCHAR(100) NOT NULL, 
	locked_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	locked_by VARCHAR(100) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (job_name)
);

INSERT INTO _pschema_new_scheduler_locks (job_name, locked_at, locked_by, expires_at) SELECT job_name, locked_at, locked_by, expires_at FROM scheduler_locks;

DROP TABLE scheduler_locks;

ALTER TABLE _pschema_new_scheduler_locks RENAME TO scheduler_locks;

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild scheduler_locks

-- Rebuild table firm_branding (column updated_at (nullable); column created_at (nullable))
-- pschema:rebuild firm_branding
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_firm_branding (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	logo_s3_key VARCHAR(500), 
	logo_content_type VARCHAR(50), 
	logo_size_bytes INTEGER, 
	header_text VARCHAR(200), 
	footer_text VARCHAR(300), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

INSERT INTO _pschema_new_firm_branding (id, organization_id, logo_s3_key, logo_content_type, logo_size_bytes, header_text, footer_text, created_at, updated_at) SELECT id, organization_id, logo_s3_key, logo_content_type, logo_size_bytes, header_text, footer_text, created_at, updated_at FROM firm_branding;

DROP TABLE firm_branding;

ALTER TABLE _pschema_new_firm_branding RENAME TO firm_branding;

CREATE UNIQUE INDEX ix_firm_branding_organization_id ON firm_branding (organization_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild firm_branding

-- Rebuild table team_activity_logs (column created_at (nullable))
-- pschema:rebuild team_activity_logs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_team_activity_logs (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	action_type VARCHAR(6) NOT NULL, 
	tool_name VARCHAR(100), 
	file_identifier_hash VARCHAR(64), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_team_activity_logs (id, organization_id, user_id, action_type, tool_name, file_identifier_hash, created_at) SELECT id, organization_id, user_id, action_type, tool_name, file_identifier_hash, created_at FROM team_activity_logs;

DROP TABLE team_activity_logs;

ALTER TABLE _pschema_new_team_activity_logs RENAME TO team_activity_logs;

CREATE INDEX ix_team_activity_logs_organization_id ON team_activity_logs (organization_id);

CREATE INDEX ix_team_activity_logs_user_id ON team_activity_logs (user_id);

CREATE INDEX ix_team_activity_org_created ON team_activity_logs (organization_id, created_at);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild team_activity_logs

-- Rebuild table export_shares (column access_count (default); column created_at (nullable); column single_use (default); column passcode_failed_attempts (default))
-- pschema:rebuild export_shares
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_export_shares (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	organization_id INTEGER, 
	share_token_hash VARCHAR(64) NOT NULL, 
	tool_name VARCHAR(100) NOT NULL, 
	export_format VARCHAR(20) NOT NULL, 
	export_data BLOB, 
	shared_by_name VARCHAR(255), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	expires_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	access_count INTEGER DEFAULT '0' NOT NULL, 
	last_accessed_at DATETIME, 
	passcode_hash VARCHAR(255), 
	single_use BOOLEAN DEFAULT 'false' NOT NULL, 
	passcode_failed_attempts INTEGER DEFAULT '0' NOT NULL, 
	passcode_locked_until DATETIME, 
	object_key VARCHAR(128), 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_export_shares (id, user_id, organization_id, share_token_hash, tool_name, export_format, export_data, shared_by_name, created_at, expires_at, revoked_at, access_count, last_accessed_at, passcode_hash, single_use, passcode_failed_attempts, passcode_locked_until, object_key) SELECT id, user_id, organization_id, share_token_hash, tool_name, export_format, export_data, shared_by_name, created_at, expires_at, revoked_at, access_count, last_accessed_at, passcode_hash, single_use, passcode_failed_attempts, passcode_locked_until, object_key FROM export_shares;

DROP TABLE export_shares;

ALTER TABLE _pschema_new_export_shares RENAME TO export_shares;

CREATE INDEX ix_export_shares_organization_id ON export_shares (organization_id);

CREATE UNIQUE INDEX ix_export_shares_share_token_hash ON export_shares (share_token_hash);

CREATE INDEX ix_export_shares_user_id ON export_shares (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild export_shares

-- Rebuild table organization_invites (column created_at (nullable); column status (default, length on SQLite); column role (default, length on SQLite))
-- pschema:rebuild organization_invites
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_organization_invites (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	invite_token_hash VARCHAR(64) NOT NULL, 
	invitee_email VARCHAR(255) NOT NULL, 
	role VARCHAR(20) DEFAULT 'member' NOT NULL, 
	status VARCHAR(20) DEFAULT 'pending' NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	expires_at DATETIME NOT NULL, 
	accepted_at DATETIME, 
	accepted_by_user_id INTEGER, 
	invited_by_user_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(accepted_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_organization_invites (id, organization_id, invite_token_hash, invitee_email, role, status, created_at, expires_at, accepted_at, accepted_by_user_id, invited_by_user_id) SELECT id, organization_id, invite_token_hash, invitee_email, role, status, created_at, expires_at, accepted_at, accepted_by_user_id, invited_by_user_id FROM organization_invites;

DROP TABLE organization_invites;

ALTER TABLE _pschema_new_organization_invites RENAME TO organization_invites;

CREATE UNIQUE INDEX ix_organization_invites_invite_token_hash ON organization_invites (invite_token_hash);

CREATE INDEX ix_organization_invites_invitee_email ON organization_invites (invitee_email);

CREATE INDEX ix_organization_invites_organization_id ON organization_invites (organization_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild organization_invites

-- Rebuild table organization_members (column joined_at (nullable); column role (default, length on SQLite))
-- pschema:rebuild organization_members
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_organization_members (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	role VARCHAR(20) DEFAULT 'member' NOT NULL, 
	joined_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	invited_by_user_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_organization_members (id, organization_id, user_id, role, joined_at, invited_by_user_id) SELECT id, organization_id, user_id, role, joined_at, invited_by_user_id FROM organization_members;

DROP TABLE organization_members;

ALTER TABLE _pschema_new_organization_members RENAME TO organization_members;

CREATE INDEX ix_organization_members_organization_id ON organization_members (organization_id);

CREATE UNIQUE INDEX ix_organization_members_user_id ON organization_members (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild organization_members

-- Rebuild table follow_up_item_comments (column updated_at (nullable); column created_at (nullable); foreign keys change)
-- pschema:rebuild follow_up_item_comments
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_follow_up_item_comments (
	id INTEGER NOT NULL, 
	follow_up_item_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	comment_text TEXT NOT NULL, 
	parent_comment_id INTEGER, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_follow_up_item_comments_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(follow_up_item_id) REFERENCES follow_up_items (id) ON DELETE CASCADE, 
	FOREIGN KEY(parent_comment_id) REFERENCES follow_up_item_comments (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_follow_up_item_comments (id, follow_up_item_id, user_id, comment_text, parent_comment_id, created_at, updated_at, archived_at, archived_by, archive_reason) SELECT id, follow_up_item_id, user_id, comment_text, parent_comment_id, created_at, updated_at, archived_at, archived_by, archive_reason FROM follow_up_item_comments;

DROP TABLE follow_up_item_comments;

ALTER TABLE _pschema_new_follow_up_item_comments RENAME TO follow_up_item_comments;

CREATE INDEX ix_comment_item_parent ON follow_up_item_comments (follow_up_item_id, parent_comment_id);

CREATE INDEX ix_follow_up_item_comments_archived_at ON follow_up_item_comments (archived_at);

CREATE INDEX ix_follow_up_item_comments_follow_up_item_id ON follow_up_item_comments (follow_up_item_id);

CREATE INDEX ix_follow_up_item_comments_id ON follow_up_item_comments (id);

CREATE INDEX ix_follow_up_item_comments_parent_comment_id ON follow_up_item_comments (parent_comment_id);

CREATE INDEX ix_follow_up_item_comments_user_id ON follow_up_item_comments (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild follow_up_item_comments

-- Rebuild table follow_up_items (column updated_at (nullable); column created_at (nullable); foreign keys change)
-- pschema:rebuild follow_up_items
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_follow_up_items (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_run_id INTEGER, 
	description TEXT NOT NULL, 
	tool_source VARCHAR(50) NOT NULL, 
	severity VARCHAR(6) NOT NULL, 
	disposition VARCHAR(30) NOT NULL, 
	auditor_notes TEXT, 
	assigned_to INTEGER, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_follow_up_items_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(assigned_to) REFERENCES users (id) ON DELETE SET NULL, 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE, 
	FOREIGN KEY(tool_run_id) REFERENCES tool_runs (id) ON DELETE SET NULL
);

INSERT INTO _pschema_new_follow_up_items (id, engagement_id, tool_run_id, description, tool_source, severity, disposition, auditor_notes, assigned_to, created_at, updated_at, archived_at, archived_by, archive_reason) SELECT id, engagement_id, tool_run_id, description, tool_source, severity, disposition, auditor_notes, assigned_to, created_at, updated_at, archived_at, archived_by, archive_reason FROM follow_up_items;

DROP TABLE follow_up_items;

ALTER TABLE _pschema_new_follow_up_items RENAME TO follow_up_items;

CREATE INDEX ix_follow_up_engagement_disposition ON follow_up_items (engagement_id, disposition);

CREATE INDEX ix_follow_up_engagement_severity ON follow_up_items (engagement_id, severity);

CREATE INDEX ix_follow_up_items_archived_at ON follow_up_items (archived_at);

CREATE INDEX ix_follow_up_items_assigned_to ON follow_up_items (assigned_to);

CREATE INDEX ix_follow_up_items_disposition ON follow_up_items (disposition);

CREATE INDEX ix_follow_up_items_engagement_id ON follow_up_items (engagement_id);

CREATE INDEX ix_follow_up_items_id ON follow_up_items (id);

CREATE INDEX ix_follow_up_items_severity ON follow_up_items (severity);

CREATE INDEX ix_follow_up_items_tool_run_id ON follow_up_items (tool_run_id);

CREATE INDEX ix_follow_up_items_tool_source ON follow_up_items (tool_source);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild follow_up_items

-- Rebuild table tool_runs (new columns go between existing ones; foreign keys change)
-- pschema:rebuild tool_runs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_tool_runs (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	tool_name VARCHAR(21) NOT NULL, 
	run_number INTEGER NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	composite_score FLOAT, 
	run_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	flagged_accounts TEXT, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_tool_runs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_tool_runs (id, engagement_id, tool_name, run_number, status, composite_score, run_at, flagged_accounts, archived_at, archived_by, archive_reason) SELECT id, engagement_id, tool_name, run_number, status, composite_score, run_at, flagged_accounts, archived_at, archived_by, archive_reason FROM tool_runs;

DROP TABLE tool_runs;

ALTER TABLE _pschema_new_tool_runs RENAME TO tool_runs;

CREATE INDEX ix_tool_runs_archived_at ON tool_runs (archived_at);

CREATE INDEX ix_tool_runs_engagement_id ON tool_runs (engagement_id);

CREATE INDEX ix_tool_runs_engagement_tool ON tool_runs (engagement_id, tool_name);

CREATE INDEX ix_tool_runs_id ON tool_runs (id);

CREATE INDEX ix_tool_runs_run_at ON tool_runs (run_at);

CREATE INDEX ix_tool_runs_tool_name ON tool_runs (tool_name);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild tool_runs

-- Rebuild table refresh_tokens (column created_at (nullable))
-- pschema:rebuild refresh_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_refresh_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	revoked_at DATETIME, 
	replaced_by_hash VARCHAR(64), 
	last_used_at DATETIME, 
	user_agent VARCHAR(512), 
	ip_address VARCHAR(45), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_refresh_tokens (id, user_id, token_hash, expires_at, created_at, revoked_at, replaced_by_hash, last_used_at, user_agent, ip_address) SELECT id, user_id, token_hash, expires_at, created_at, revoked_at, replaced_by_hash, last_used_at, user_agent, ip_address FROM refresh_tokens;

DROP TABLE refresh_tokens;

ALTER TABLE _pschema_new_refresh_tokens RENAME TO refresh_tokens;

CREATE INDEX ix_refresh_tokens_id ON refresh_tokens (id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild refresh_tokens

-- Rebuild table email_verification_tokens (column created_at (nullable))
-- pschema:rebuild email_verification_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_email_verification_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	used_at DATETIME, 
	token_hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_email_verification_tokens (id, user_id, expires_at, created_at, used_at, token_hash) SELECT id, user_id, expires_at, created_at, used_at, token_hash FROM email_verification_tokens;

DROP TABLE email_verification_tokens;

ALTER TABLE _pschema_new_email_verification_tokens RENAME TO email_verification_tokens;

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE UNIQUE INDEX ix_email_verification_tokens_token_hash ON email_verification_tokens (token_hash);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild email_verification_tokens

-- Rebuild table diagnostic_summaries (column row_count (nullable); column materiality_threshold (nullable); column anomaly_count (nullable); column was_balanced (nullable); column total_credits (nullable); column total_debits (nullable); column operating_expenses (nullable); column total_expenses (nullable); column cost_of_goods_sold (nullable); column total_revenue (nullable); column total_equity (nullable); column current_liabilities (nullable); column total_liabilities (nullable); column inventory (nullable); column current_assets (nullable); column total_assets (nullable); column timestamp (nullable); foreign keys change)
-- pschema:rebuild diagnostic_summaries
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_diagnostic_summaries (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
	period_date DATE, 
	period_type VARCHAR(9), 
	period_label VARCHAR(50), 
	filename_hash VARCHAR(64), 
	filename_display VARCHAR(20), 
	total_assets NUMERIC(19, 2), 
	current_assets NUMERIC(19, 2), 
	inventory NUMERIC(19, 2), 
	total_liabilities NUMERIC(19, 2), 
	current_liabilities NUMERIC(19, 2), 
	total_equity NUMERIC(19, 2), 
	total_revenue NUMERIC(19, 2), 
	cost_of_goods_sold NUMERIC(19, 2), 
	total_expenses NUMERIC(19, 2), 
	operating_expenses NUMERIC(19, 2), 
	current_ratio FLOAT, 
	quick_ratio FLOAT, 
	debt_to_equity FLOAT, 
	gross_margin FLOAT, 
	net_profit_margin FLOAT, 
	operating_margin FLOAT, 
	return_on_assets FLOAT, 
	return_on_equity FLOAT, 
	total_debits NUMERIC(19, 2), 
	total_credits NUMERIC(19, 2), 
	was_balanced BOOLEAN, 
	anomaly_count INTEGER, 
	materiality_threshold NUMERIC(19, 2), 
	row_count INTEGER, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_diagnostic_summaries_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_diagnostic_summaries (id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count, archived_at, archived_by, archive_reason) SELECT id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count, archived_at, archived_by, archive_reason FROM diagnostic_summaries;

DROP TABLE diagnostic_summaries;

ALTER TABLE _pschema_new_diagnostic_summaries RENAME TO diagnostic_summaries;

CREATE INDEX ix_diagnostic_summaries_archived_at ON diagnostic_summaries (archived_at);

CREATE INDEX ix_diagnostic_summaries_client_id ON diagnostic_summaries (client_id);

CREATE INDEX ix_diagnostic_summaries_id ON diagnostic_summaries (id);

CREATE INDEX ix_diagnostic_summaries_period_date ON diagnostic_summaries (period_date);

CREATE INDEX ix_diagnostic_summaries_timestamp ON diagnostic_summaries (timestamp);

CREATE INDEX ix_diagnostic_summaries_user_id ON diagnostic_summaries (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild diagnostic_summaries

-- Rebuild table engagements (column updated_at (nullable); column created_at (nullable); dropped column completed_by is part of a key or constraint; enum EngagementStatus labels changed; foreign keys change)
-- pschema:rebuild engagements
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_engagements (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	period_start DATETIME NOT NULL, 
	period_end DATETIME NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	materiality_basis VARCHAR(7), 
	materiality_percentage FLOAT, 
	materiality_amount NUMERIC(19, 2), 
	performance_materiality_factor FLOAT NOT NULL, 
	trivial_threshold_factor FLOAT NOT NULL, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	intercompany_counterparties TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE RESTRICT, 
	FOREIGN KEY(created_by) REFERENCES users (id)
);

INSERT INTO _pschema_new_engagements (id, client_id, period_start, period_end, status, materiality_basis, materiality_percentage, materiality_amount, performance_materiality_factor, trivial_threshold_factor, created_by, created_at, updated_at, intercompany_counterparties) SELECT id, client_id, period_start, period_end, status, materiality_basis, materiality_percentage, materiality_amount, performance_materiality_factor, trivial_threshold_factor, created_by, created_at, updated_at, intercompany_counterparties FROM engagements;

DROP TABLE engagements;

ALTER TABLE _pschema_new_engagements RENAME TO engagements;

CREATE INDEX ix_engagements_client_id ON engagements (client_id);

CREATE INDEX ix_engagements_id ON engagements (id);

CREATE INDEX ix_engagements_status ON engagements (status);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild engagements

-- Rebuild table clients (column settings (nullable); column updated_at (nullable); column created_at (nullable); column jurisdiction_country (default); column entity_type (default); column reporting_framework (default))
-- pschema:rebuild clients
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_clients (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	industry VARCHAR(21) NOT NULL, 
	fiscal_year_end VARCHAR(5) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	settings VARCHAR(2000), 
	reporting_framework VARCHAR(4) DEFAULT 'auto' NOT NULL, 
	entity_type VARCHAR(12) DEFAULT 'other' NOT NULL, 
	jurisdiction_country VARCHAR(2) DEFAULT 'US' NOT NULL, 
	jurisdiction_state VARCHAR(50), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_clients (id, user_id, name, industry, fiscal_year_end, created_at, updated_at, settings, reporting_framework, entity_type, jurisdiction_country, jurisdiction_state) SELECT id, user_id, name, industry, fiscal_year_end, created_at, updated_at, settings, reporting_framework, entity_type, jurisdiction_country, jurisdiction_state FROM clients;

DROP TABLE clients;

ALTER TABLE _pschema_new_clients RENAME TO clients;

CREATE INDEX ix_clients_id ON clients (id);

CREATE INDEX ix_clients_user_id ON clients (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild clients

-- Rebuild table activity_logs (column is_consolidated (nullable, default); column immaterial_count (nullable, default); column material_count (nullable, default); column anomaly_count (nullable, default); column timestamp (nullable); foreign keys change)
-- pschema:rebuild activity_logs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_activity_logs (
	id INTEGER NOT NULL, 
	user_id INTEGER, 
	filename_hash VARCHAR(64) NOT NULL, 
	filename_display VARCHAR(20), 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
	record_count INTEGER NOT NULL, 
	total_debits NUMERIC(19, 2) NOT NULL, 
	total_credits NUMERIC(19, 2) NOT NULL, 
	materiality_threshold NUMERIC(19, 2) NOT NULL, 
	was_balanced BOOLEAN NOT NULL, 
	anomaly_count INTEGER, 
	material_count INTEGER, 
	immaterial_count INTEGER, 
	is_consolidated BOOLEAN, 
	sheet_count INTEGER, 
	chain_hash VARCHAR(128), 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_activity_logs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_activity_logs (id, user_id, filename_hash, filename_display, timestamp, record_count, total_debits, total_credits, materiality_threshold, was_balanced, anomaly_count, material_count, immaterial_count, is_consolidated, sheet_count, chain_hash, archived_at, archived_by, archive_reason) SELECT id, user_id, filename_hash, filename_display, timestamp, record_count, total_debits, total_credits, materiality_threshold, was_balanced, anomaly_count, material_count, immaterial_count, is_consolidated, sheet_count, chain_hash, archived_at, archived_by, archive_reason FROM activity_logs;

DROP TABLE activity_logs;

ALTER TABLE _pschema_new_activity_logs RENAME TO activity_logs;

CREATE INDEX ix_activity_logs_archived_at ON activity_logs (archived_at);

CREATE INDEX ix_activity_logs_chain_hash ON activity_logs (chain_hash);

CREATE INDEX ix_activity_logs_id ON activity_logs (id);

CREATE INDEX ix_activity_logs_timestamp ON activity_logs (timestamp);

CREATE INDEX ix_activity_logs_user_id ON activity_logs (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild activity_logs

-- Rebuild table users (column settings (nullable); column is_superadmin (default); column failed_login_attempts (default); column updated_at (nullable); column created_at (nullable); column is_verified (nullable); column is_active (nullable))
-- pschema:rebuild users
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_users (
	id INTEGER NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	hashed_password VARCHAR(255) NOT NULL, 
	name VARCHAR(100), 
	is_active BOOLEAN, 
	is_verified BOOLEAN, 
	tier VARCHAR(12) NOT NULL, 
	email_verification_sent_at DATETIME, 
	email_verified_at DATETIME, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	last_login DATETIME, 
	settings VARCHAR(2000), 
	password_changed_at DATETIME, 
	pending_email VARCHAR(255), 
	failed_login_attempts INTEGER DEFAULT '0' NOT NULL, 
	locked_until DATETIME, 
	organization_id INTEGER, 
	is_superadmin BOOLEAN DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_users_organization_id FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

INSERT INTO _pschema_new_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until, organization_id, is_superadmin) SELECT id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until, organization_id, is_superadmin FROM users;

DROP TABLE users;

ALTER TABLE _pschema_new_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

CREATE INDEX ix_users_organization_id ON users (organization_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild users

-- Rebuild table organizations (column updated_at (nullable); column created_at (nullable); foreign keys change; unique constraints change)
-- pschema:rebuild organizations
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_organizations (
	id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	slug VARCHAR(100) NOT NULL, 
	owner_user_id INTEGER NOT NULL, 
	subscription_id INTEGER, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	FOREIGN KEY(owner_user_id) REFERENCES users (id), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id), 
	UNIQUE (subscription_id)
);

INSERT INTO _pschema_new_organizations (id, name, slug, owner_user_id, subscription_id, created_at, updated_at) SELECT id, name, slug, owner_user_id, subscription_id, created_at, updated_at FROM organizations;

DROP TABLE organizations;

ALTER TABLE _pschema_new_organizations RENAME TO organizations;

CREATE INDEX ix_organizations_owner_user_id ON organizations (owner_user_id);

CREATE UNIQUE INDEX ix_organizations_slug ON organizations (slug);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild organizations

-- Rebuild table subscriptions (column updated_at (nullable); column created_at (nullable); column cancel_at_period_end (default); column seat_version (default); column uploads_used_current_period (default); column additional_seats (default); column seat_count (default); column status (length on SQLite))
-- pschema:rebuild subscriptions
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_subscriptions (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	tier VARCHAR(12) NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	billing_interval VARCHAR(7), 
	stripe_customer_id VARCHAR(255), 
	stripe_subscription_id VARCHAR(255), 
	current_period_start DATETIME, 
	current_period_end DATETIME, 
	cancel_at_period_end BOOLEAN DEFAULT '0' NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	seat_count INTEGER DEFAULT '1' NOT NULL, 
	additional_seats INTEGER DEFAULT '0' NOT NULL, 
	dpa_accepted_at DATETIME, 
	dpa_version VARCHAR(20), 
	uploads_used_current_period INTEGER DEFAULT '0' NOT NULL, 
	seat_version INTEGER DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_subscriptions (id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version, uploads_used_current_period, seat_version) SELECT id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version, uploads_used_current_period, seat_version FROM subscriptions;

DROP TABLE subscriptions;

ALTER TABLE _pschema_new_subscriptions RENAME TO subscriptions;

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild subscriptions

-- Drop table processed_webhook_events
DROP TABLE processed_webhook_events;

-- Drop table waitlist_signups
DROP TABLE waitlist_signups;

-- Drop table password_reset_tokens
DROP TABLE password_reset_tokens;

-- Drop table tool_activities
DROP TABLE tool_activities;

-- Create index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
CREATE INDEX ix_diagnostic_summaries_client_user_period ON diagnostic_summaries (client_id, user_id, period_date);

-- Enum MisstatementDisposition: label NOT_YET_REVIEWED is now not_yet_reviewed
UPDATE uncorrected_misstatements SET cpa_disposition = 'not_yet_reviewed' WHERE cpa_disposition = 'NOT_YET_REVIEWED';

-- Enum MisstatementDisposition: label AUDITOR_PROPOSES_CORRECTION is now auditor_proposes_correction
UPDATE uncorrected_misstatements SET cpa_disposition = 'auditor_proposes_correction' WHERE cpa_disposition = 'AUDITOR_PROPOSES_CORRECTION';

-- Enum MisstatementDisposition: label AUDITOR_ACCEPTS_AS_IMMATERIAL is now auditor_accepts_as_immaterial
UPDATE uncorrected_misstatements SET cpa_disposition = 'auditor_accepts_as_immaterial' WHERE cpa_disposition = 'AUDITOR_ACCEPTS_AS_IMMATERIAL';

-- Enum MisstatementClassification: label FACTUAL is now factual
UPDATE uncorrected_misstatements SET classification = 'factual' WHERE classification = 'FACTUAL';

-- Enum MisstatementClassification: label JUDGMENTAL is now judgmental
UPDATE uncorrected_misstatements SET classification = 'judgmental' WHERE classification = 'JUDGMENTAL';

-- Enum MisstatementClassification: label PROJECTED is now projected
UPDATE uncorrected_misstatements SET classification = 'projected' WHERE classification = 'PROJECTED';

-- Enum MisstatementSourceType: label ADJUSTING_ENTRY_PASSED is now adjusting_entry_passed
UPDATE uncorrected_misstatements SET source_type = 'adjusting_entry_passed' WHERE source_type = 'ADJUSTING_ENTRY_PASSED';

-- Enum MisstatementSourceType: label SAMPLE_PROJECTION is now sample_projection
UPDATE uncorrected_misstatements SET source_type = 'sample_projection' WHERE source_type = 'SAMPLE_PROJECTION';

-- Enum MisstatementSourceType: label KNOWN_ERROR is now known_error
UPDATE uncorrected_misstatements SET source_type = 'known_error' WHERE source_type = 'KNOWN_ERROR';

-- Enum ExpectationResultStatus: label NOT_EVALUATED is now not_evaluated
UPDATE analytical_expectations SET result_status = 'not_evaluated' WHERE result_status = 'NOT_EVALUATED';

-- Enum ExpectationResultStatus: label WITHIN_THRESHOLD is now within_threshold
UPDATE analytical_expectations SET result_status = 'within_threshold' WHERE result_status = 'WITHIN_THRESHOLD';

-- Enum ExpectationResultStatus: label EXCEEDS_THRESHOLD is now exceeds_threshold
UPDATE analytical_expectations SET result_status = 'exceeds_threshold' WHERE result_status = 'EXCEEDS_THRESHOLD';

-- Enum ExpectationTargetType: label ACCOUNT is now account
UPDATE analytical_expectations SET procedure_target_type = 'account' WHERE procedure_target_type = 'ACCOUNT';

-- Enum ExpectationTargetType: label BALANCE is now balance
UPDATE analytical_expectations SET procedure_target_type = 'balance' WHERE procedure_target_type = 'BALANCE';

-- Enum ExpectationTargetType: label RATIO is now ratio
UPDATE analytical_expectations SET procedure_target_type = 'ratio' WHERE procedure_target_type = 'RATIO';

-- Enum ExpectationTargetType: label FLUX_LINE is now flux_line
UPDATE analytical_expectations SET procedure_target_type = 'flux_line' WHERE procedure_target_type = 'FLUX_LINE';

-- Enum DunningResolution: label PAID is now paid
UPDATE dunning_episodes SET resolution = 'paid' WHERE resolution = 'PAID';

-- Enum DunningResolution: label CANCELED is now canceled
UPDATE dunning_episodes SET resolution = 'canceled' WHERE resolution = 'CANCELED';

-- Enum DunningResolution: label MANUAL_OVERRIDE is now manual_override
UPDATE dunning_episodes SET resolution = 'manual_override' WHERE resolution = 'MANUAL_OVERRIDE';

-- Enum DunningState: label FIRST_ATTEMPT_FAILED is now first_attempt_failed
UPDATE dunning_episodes SET state = 'first_attempt_failed' WHERE state = 'FIRST_ATTEMPT_FAILED';

-- Enum DunningState: label SECOND_ATTEMPT_FAILED is now second_attempt_failed
UPDATE dunning_episodes SET state = 'second_attempt_failed' WHERE state = 'SECOND_ATTEMPT_FAILED';

-- Enum DunningState: label THIRD_ATTEMPT_FAILED is now third_attempt_failed
UPDATE dunning_episodes SET state = 'third_attempt_failed' WHERE state = 'THIRD_ATTEMPT_FAILED';

-- Enum DunningState: label GRACE_PERIOD is now grace_period
UPDATE dunning_episodes SET state = 'grace_period' WHERE state = 'GRACE_PERIOD';

-- Enum DunningState: label CANCELED is now canceled
UPDATE dunning_episodes SET state = 'canceled' WHERE state = 'CANCELED';

-- Enum DunningState: label RESOLVED is now resolved
UPDATE dunning_episodes SET state = 'resolved' WHERE state = 'RESOLVED';

-- Enum AdminActionType: label PLAN_OVERRIDE is now plan_override
UPDATE admin_audit_logs SET action_type = 'plan_override' WHERE action_type = 'PLAN_OVERRIDE';

-- Enum AdminActionType: label TRIAL_EXTENSION is now trial_extension
UPDATE admin_audit_logs SET action_type = 'trial_extension' WHERE action_type = 'TRIAL_EXTENSION';

-- Enum AdminActionType: label CREDIT_ISSUED is now credit_issued
UPDATE admin_audit_logs SET action_type = 'credit_issued' WHERE action_type = 'CREDIT_ISSUED';

-- Enum AdminActionType: label REFUND_ISSUED is now refund_issued
UPDATE admin_audit_logs SET action_type = 'refund_issued' WHERE action_type = 'REFUND_ISSUED';

-- Enum AdminActionType: label FORCE_CANCEL is now force_cancel
UPDATE admin_audit_logs SET action_type = 'force_cancel' WHERE action_type = 'FORCE_CANCEL';

-- Enum AdminActionType: label IMPERSONATION_START is now impersonation_start
UPDATE admin_audit_logs SET action_type = 'impersonation_start' WHERE action_type = 'IMPERSONATION_START';

-- Enum AdminActionType: label IMPERSONATION_END is now impersonation_end
UPDATE admin_audit_logs SET action_type = 'impersonation_end' WHERE action_type = 'IMPERSONATION_END';

-- Enum AdminActionType: label SESSION_REVOKE is now session_revoke
UPDATE admin_audit_logs SET action_type = 'session_revoke' WHERE action_type = 'SESSION_REVOKE';

-- Enum TeamActionType: label UPLOAD is now upload
UPDATE team_activity_logs SET action_type = 'upload' WHERE action_type = 'UPLOAD';

-- Enum TeamActionType: label EXPORT is now export
UPDATE team_activity_logs SET action_type = 'export' WHERE action_type = 'EXPORT';

-- Enum TeamActionType: label SHARE is now share
UPDATE team_activity_logs SET action_type = 'share' WHERE action_type = 'SHARE';

-- Enum TeamActionType: label LOGIN is now login
UPDATE team_activity_logs SET action_type = 'login' WHERE action_type = 'LOGIN';

-- Enum InviteStatus: label PENDING is now pending
UPDATE organization_invites SET status = 'pending' WHERE status = 'PENDING';

-- Enum InviteStatus: label ACCEPTED is now accepted
UPDATE organization_invites SET status = 'accepted' WHERE status = 'ACCEPTED';

-- Enum InviteStatus: label EXPIRED is now expired
UPDATE organization_invites SET status = 'expired' WHERE status = 'EXPIRED';

-- Enum InviteStatus: label REVOKED is now revoked
UPDATE organization_invites SET status = 'revoked' WHERE status = 'REVOKED';

-- Enum OrgRole: label OWNER is now owner
UPDATE organization_members SET role = 'owner' WHERE role = 'OWNER';

-- Enum OrgRole: label ADMIN is now admin
UPDATE organization_members SET role = 'admin' WHERE role = 'ADMIN';

-- Enum OrgRole: label MEMBER is now member
UPDATE organization_members SET role = 'member' WHERE role = 'MEMBER';

-- Enum OrgRole: label OWNER is now owner
UPDATE organization_invites SET role = 'owner' WHERE role = 'OWNER';

-- Enum OrgRole: label ADMIN is now admin
UPDATE organization_invites SET role = 'admin' WHERE role = 'ADMIN';

-- Enum OrgRole: label MEMBER is now member
UPDATE organization_invites SET role = 'member' WHERE role = 'MEMBER';

-- Enum BillingEventType: label TRIAL_STARTED is now trial_started
UPDATE billing_events SET event_type = 'trial_started' WHERE event_type = 'TRIAL_STARTED';

-- Enum BillingEventType: label TRIAL_CONVERTED is now trial_converted
UPDATE billing_events SET event_type = 'trial_converted' WHERE event_type = 'TRIAL_CONVERTED';

-- Enum BillingEventType: label TRIAL_ENDING is now trial_ending
UPDATE billing_events SET event_type = 'trial_ending' WHERE event_type = 'TRIAL_ENDING';

-- Enum BillingEventType: label TRIAL_EXPIRED is now trial_expired
UPDATE billing_events SET event_type = 'trial_expired' WHERE event_type = 'TRIAL_EXPIRED';

-- Enum BillingEventType: label SUBSCRIPTION_CREATED is now subscription_created
UPDATE billing_events SET event_type = 'subscription_created' WHERE event_type = 'SUBSCRIPTION_CREATED';

-- Enum BillingEventType: label SUBSCRIPTION_UPGRADED is now subscription_upgraded
UPDATE billing_events SET event_type = 'subscription_upgraded' WHERE event_type = 'SUBSCRIPTION_UPGRADED';

-- Enum BillingEventType: label SUBSCRIPTION_DOWNGRADED is now subscription_downgraded
UPDATE billing_events SET event_type = 'subscription_downgraded' WHERE event_type = 'SUBSCRIPTION_DOWNGRADED';

-- Enum BillingEventType: label SUBSCRIPTION_CANCELED is now subscription_canceled
UPDATE billing_events SET event_type = 'subscription_canceled' WHERE event_type = 'SUBSCRIPTION_CANCELED';

-- Enum BillingEventType: label SUBSCRIPTION_CHURNED is now subscription_churned
UPDATE billing_events SET event_type = 'subscription_churned' WHERE event_type = 'SUBSCRIPTION_CHURNED';

-- Enum BillingEventType: label PAYMENT_FAILED is now payment_failed
UPDATE billing_events SET event_type = 'payment_failed' WHERE event_type = 'PAYMENT_FAILED';

-- Enum BillingEventType: label PAYMENT_RECOVERED is now payment_recovered
UPDATE billing_events SET event_type = 'payment_recovered' WHERE event_type = 'PAYMENT_RECOVERED';

-- Enum BillingEventType: label PAYMENT_SUCCEEDED is now payment_succeeded
UPDATE billing_events SET event_type = 'payment_succeeded' WHERE event_type = 'PAYMENT_SUCCEEDED';

-- Enum BillingEventType: label INVOICE_CREATED is now invoice_created
UPDATE billing_events SET event_type = 'invoice_created' WHERE event_type = 'INVOICE_CREATED';

-- Enum BillingEventType: label DISPUTE_CREATED is now dispute_created
UPDATE billing_events SET event_type = 'dispute_created' WHERE event_type = 'DISPUTE_CREATED';

-- Enum BillingEventType: label DISPUTE_RESOLVED_WON is now dispute_resolved_won
UPDATE billing_events SET event_type = 'dispute_resolved_won' WHERE event_type = 'DISPUTE_RESOLVED_WON';

-- Enum BillingEventType: label DISPUTE_RESOLVED_LOST is now dispute_resolved_lost
UPDATE billing_events SET event_type = 'dispute_resolved_lost' WHERE event_type = 'DISPUTE_RESOLVED_LOST';

-- Enum BillingEventType: label DISPUTE_CLOSED_OTHER is now dispute_closed_other
UPDATE billing_events SET event_type = 'dispute_closed_other' WHERE event_type = 'DISPUTE_CLOSED_OTHER';

-- Enum BillingInterval: label MONTHLY is now monthly
UPDATE subscriptions SET billing_interval = 'monthly' WHERE billing_interval = 'MONTHLY';

-- Enum BillingInterval: label ANNUAL is now annual
UPDATE subscriptions SET billing_interval = 'annual' WHERE billing_interval = 'ANNUAL';

-- Enum SubscriptionStatus: label ACTIVE is now active
UPDATE subscriptions SET status = 'active' WHERE status = 'ACTIVE';

-- Enum SubscriptionStatus: label PAST_DUE is now past_due
UPDATE subscriptions SET status = 'past_due' WHERE status = 'PAST_DUE';

-- Enum SubscriptionStatus: label CANCELED is now canceled
UPDATE subscriptions SET status = 'canceled' WHERE status = 'CANCELED';

-- Enum SubscriptionStatus: label TRIALING is now trialing
UPDATE subscriptions SET status = 'trialing' WHERE status = 'TRIALING';

-- Enum SubscriptionStatus: label INCOMPLETE is now incomplete
UPDATE subscriptions SET status = 'incomplete' WHERE status = 'INCOMPLETE';

-- Enum SubscriptionStatus: label INCOMPLETE_EXPIRED is now incomplete_expired
UPDATE subscriptions SET status = 'incomplete_expired' WHERE status = 'INCOMPLETE_EXPIRED';

-- Enum SubscriptionStatus: label UNPAID is now unpaid
UPDATE subscriptions SET status = 'unpaid' WHERE status = 'UNPAID';

-- Enum SubscriptionStatus: label PAUSED is now paused
UPDATE subscriptions SET status = 'paused' WHERE status = 'PAUSED';

-- Enum ToolName: label STATISTICAL_SAMPLING is removed; refuse if tool_runs still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM tool_runs WHERE tool_name = 'STATISTICAL_SAMPLING'));

DROP TABLE _pschema_guard;

-- Enum ToolName: label FLUX_ANALYSIS is now flux_analysis
UPDATE tool_runs SET tool_name = 'flux_analysis' WHERE tool_name = 'FLUX_ANALYSIS';

-- Enum EngagementStatus: label COMPLETED is removed; refuse if engagements still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM engagements WHERE status = 'COMPLETED'));

DROP TABLE _pschema_guard;

-- Enum EntityType: label FOR_PROFIT is now for_profit
UPDATE clients SET entity_type = 'for_profit' WHERE entity_type = 'FOR_PROFIT';

-- Enum EntityType: label NONPROFIT is now nonprofit
UPDATE clients SET entity_type = 'nonprofit' WHERE entity_type = 'NONPROFIT';

-- Enum EntityType: label GOVERNMENTAL is now governmental
UPDATE clients SET entity_type = 'governmental' WHERE entity_type = 'GOVERNMENTAL';

-- Enum EntityType: label OTHER is now other
UPDATE clients SET entity_type = 'other' WHERE entity_type = 'OTHER';

-- Enum ReportingFramework: label AUTO is now auto
UPDATE clients SET reporting_framework = 'auto' WHERE reporting_framework = 'AUTO';

-- Enum ReportingFramework: label FASB is now fasb
UPDATE clients SET reporting_framework = 'fasb' WHERE reporting_framework = 'FASB';

-- Enum ReportingFramework: label GASB is now gasb
UPDATE clients SET reporting_framework = 'gasb' WHERE reporting_framework = 'GASB';

-- Enum UserTier: label FREE is now free
UPDATE users SET tier = 'free' WHERE tier = 'FREE';

-- Enum UserTier: label SOLO is now solo
UPDATE users SET tier = 'solo' WHERE tier = 'SOLO';

-- Enum UserTier: label PROFESSIONAL is now professional
UPDATE users SET tier = 'professional' WHERE tier = 'PROFESSIONAL';

-- Enum UserTier: label ENTERPRISE is now enterprise
UPDATE users SET tier = 'enterprise' WHERE tier = 'ENTERPRISE';
