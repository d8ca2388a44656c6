-- 7d1f0c3a9e25: close the drift between the migrations and the Python models
-- upgrade on PostgreSQL; parents: b5c6d7e8f9a0

-- pschema:data
-- analytical_expectations.archived_by and uncorrected_misstatements.archived_by get the
-- foreign key to users the models have (f2a8e7d6c5b4 and a3b4c5d6e7f8 made the columns
-- without it). A value naming no user would fail the key: it is cleared. The row stays
-- archived (archived_at and archive_reason are kept); only who archived it is lost, and
-- that user no longer exists.
UPDATE analytical_expectations SET archived_by = NULL
 WHERE archived_by IS NOT NULL AND archived_by NOT IN (SELECT id FROM users);
UPDATE uncorrected_misstatements SET archived_by = NULL
 WHERE archived_by IS NOT NULL AND archived_by NOT IN (SELECT id FROM users);
-- pschema:end-data

-- Enum UserTier: label free is now FREE
ALTER TYPE usertier RENAME VALUE 'free' TO 'FREE';

-- Enum UserTier: label solo is now SOLO
ALTER TYPE usertier RENAME VALUE 'solo' TO 'SOLO';

-- Enum UserTier: label professional is now PROFESSIONAL
ALTER TYPE usertier RENAME VALUE 'professional' TO 'PROFESSIONAL';

-- Enum UserTier: label enterprise is now ENTERPRISE
ALTER TYPE usertier RENAME VALUE 'enterprise' TO 'ENTERPRISE';

-- Enum ReportingFramework: label auto is now AUTO
ALTER TYPE reportingframework RENAME VALUE 'auto' TO 'AUTO';

-- Enum ReportingFramework: label fasb is now FASB
ALTER TYPE reportingframework RENAME VALUE 'fasb' TO 'FASB';

-- Enum ReportingFramework: label gasb is now GASB
ALTER TYPE reportingframework RENAME VALUE 'gasb' TO 'GASB';

-- Enum EntityType: label for_profit is now FOR_PROFIT
ALTER TYPE entitytype RENAME VALUE 'for_profit' TO 'FOR_PROFIT';

-- Enum EntityType: label nonprofit is now NONPROFIT
ALTER TYPE entitytype RENAME VALUE 'nonprofit' TO 'NONPROFIT';

-- Enum EntityType: label governmental is now GOVERNMENTAL
ALTER TYPE entitytype RENAME VALUE 'governmental' TO 'GOVERNMENTAL';

-- Enum EntityType: label other is now OTHER
ALTER TYPE entitytype RENAME VALUE 'other' TO 'OTHER';

-- Enum ToolName: label flux_analysis is now FLUX_ANALYSIS
ALTER TYPE toolname RENAME VALUE 'flux_analysis' TO 'FLUX_ANALYSIS';

-- Enum SubscriptionStatus: label active is now ACTIVE
ALTER TYPE subscriptionstatus RENAME VALUE 'active' TO 'ACTIVE';

-- Enum SubscriptionStatus: label past_due is now PAST_DUE
ALTER TYPE subscriptionstatus RENAME VALUE 'past_due' TO 'PAST_DUE';

-- Enum SubscriptionStatus: label canceled is now CANCELED
ALTER TYPE subscriptionstatus RENAME VALUE 'canceled' TO 'CANCELED';

-- Enum SubscriptionStatus: label trialing is now TRIALING
ALTER TYPE subscriptionstatus RENAME VALUE 'trialing' TO 'TRIALING';

-- Enum SubscriptionStatus: label incomplete is now INCOMPLETE
ALTER TYPE subscriptionstatus RENAME VALUE 'incomplete' TO 'INCOMPLETE';

-- Enum SubscriptionStatus: label incomplete_expired is now INCOMPLETE_EXPIRED
ALTER TYPE subscriptionstatus RENAME VALUE 'incomplete_expired' TO 'INCOMPLETE_EXPIRED';

-- Enum SubscriptionStatus: label unpaid is now UNPAID
ALTER TYPE subscriptionstatus RENAME VALUE 'unpaid' TO 'UNPAID';

-- Enum SubscriptionStatus: label paused is now PAUSED
ALTER TYPE subscriptionstatus RENAME VALUE 'paused' TO 'PAUSED';

-- Enum BillingInterval: label monthly is now MONTHLY
ALTER TYPE billinginterval RENAME VALUE 'monthly' TO 'MONTHLY';

-- Enum BillingInterval: label annual is now ANNUAL
ALTER TYPE billinginterval RENAME VALUE 'annual' TO 'ANNUAL';

-- Enum BillingEventType: label trial_started is now TRIAL_STARTED
ALTER TYPE billingeventtype RENAME VALUE 'trial_started' TO 'TRIAL_STARTED';

-- Enum BillingEventType: label trial_converted is now TRIAL_CONVERTED
ALTER TYPE billingeventtype RENAME VALUE 'trial_converted' TO 'TRIAL_CONVERTED';

-- Enum BillingEventType: label trial_ending is now TRIAL_ENDING
ALTER TYPE billingeventtype RENAME VALUE 'trial_ending' TO 'TRIAL_ENDING';

-- Enum BillingEventType: label trial_expired is now TRIAL_EXPIRED
ALTER TYPE billingeventtype RENAME VALUE 'trial_expired' TO 'TRIAL_EXPIRED';

-- Enum BillingEventType: label subscription_created is now SUBSCRIPTION_CREATED
ALTER TYPE billingeventtype RENAME VALUE 'subscription_created' TO 'SUBSCRIPTION_CREATED';

-- Enum BillingEventType: label subscription_upgraded is now SUBSCRIPTION_UPGRADED
ALTER TYPE billingeventtype RENAME VALUE 'subscription_upgraded' TO 'SUBSCRIPTION_UPGRADED';

-- Enum BillingEventType: label subscription_downgraded is now SUBSCRIPTION_DOWNGRADED
ALTER TYPE billingeventtype RENAME VALUE 'subscription_downgraded' TO 'SUBSCRIPTION_DOWNGRADED';

-- Enum BillingEventType: label subscription_canceled is now SUBSCRIPTION_CANCELED
ALTER TYPE billingeventtype RENAME VALUE 'subscription_canceled' TO 'SUBSCRIPTION_CANCELED';

-- Enum BillingEventType: label subscription_churned is now SUBSCRIPTION_CHURNED
ALTER TYPE billingeventtype RENAME VALUE 'subscription_churned' TO 'SUBSCRIPTION_CHURNED';

-- Enum BillingEventType: label payment_failed is now PAYMENT_FAILED
ALTER TYPE billingeventtype RENAME VALUE 'payment_failed' TO 'PAYMENT_FAILED';

-- Enum BillingEventType: label payment_recovered is now PAYMENT_RECOVERED
ALTER TYPE billingeventtype RENAME VALUE 'payment_recovered' TO 'PAYMENT_RECOVERED';

-- Enum BillingEventType: label payment_succeeded is now PAYMENT_SUCCEEDED
ALTER TYPE billingeventtype RENAME VALUE 'payment_succeeded' TO 'PAYMENT_SUCCEEDED';

-- Enum BillingEventType: label invoice_created is now INVOICE_CREATED
ALTER TYPE billingeventtype RENAME VALUE 'invoice_created' TO 'INVOICE_CREATED';

-- Enum BillingEventType: label dispute_created is now DISPUTE_CREATED
ALTER TYPE billingeventtype RENAME VALUE 'dispute_created' TO 'DISPUTE_CREATED';

-- Enum BillingEventType: label dispute_resolved_won is now DISPUTE_RESOLVED_WON
ALTER TYPE billingeventtype RENAME VALUE 'dispute_resolved_won' TO 'DISPUTE_RESOLVED_WON';

-- Enum BillingEventType: label dispute_resolved_lost is now DISPUTE_RESOLVED_LOST
ALTER TYPE billingeventtype RENAME VALUE 'dispute_resolved_lost' TO 'DISPUTE_RESOLVED_LOST';

-- Enum BillingEventType: label dispute_closed_other is now DISPUTE_CLOSED_OTHER
ALTER TYPE billingeventtype RENAME VALUE 'dispute_closed_other' TO 'DISPUTE_CLOSED_OTHER';

-- Enum OrgRole: label owner is now OWNER
ALTER TYPE orgrole RENAME VALUE 'owner' TO 'OWNER';

-- Enum OrgRole: label admin is now ADMIN
ALTER TYPE orgrole RENAME VALUE 'admin' TO 'ADMIN';

-- Enum OrgRole: label member is now MEMBER
ALTER TYPE orgrole RENAME VALUE 'member' TO 'MEMBER';

-- Enum InviteStatus: label pending is now PENDING
ALTER TYPE invitestatus RENAME VALUE 'pending' TO 'PENDING';

-- Enum InviteStatus: label accepted is now ACCEPTED
ALTER TYPE invitestatus RENAME VALUE 'accepted' TO 'ACCEPTED';

-- Enum InviteStatus: label expired is now EXPIRED
ALTER TYPE invitestatus RENAME VALUE 'expired' TO 'EXPIRED';

-- Enum InviteStatus: label revoked is now REVOKED
ALTER TYPE invitestatus RENAME VALUE 'revoked' TO 'REVOKED';

-- Enum TeamActionType: label upload is now UPLOAD
ALTER TYPE teamactiontype RENAME VALUE 'upload' TO 'UPLOAD';

-- Enum TeamActionType: label export is now EXPORT
ALTER TYPE teamactiontype RENAME VALUE 'export' TO 'EXPORT';

-- Enum TeamActionType: label share is now SHARE
ALTER TYPE teamactiontype RENAME VALUE 'share' TO 'SHARE';

-- Enum TeamActionType: label login is now LOGIN
ALTER TYPE teamactiontype RENAME VALUE 'login' TO 'LOGIN';

-- Enum AdminActionType: label plan_override is now PLAN_OVERRIDE
ALTER TYPE adminactiontype RENAME VALUE 'plan_override' TO 'PLAN_OVERRIDE';

-- Enum AdminActionType: label trial_extension is now TRIAL_EXTENSION
ALTER TYPE adminactiontype RENAME VALUE 'trial_extension' TO 'TRIAL_EXTENSION';

-- Enum AdminActionType: label credit_issued is now CREDIT_ISSUED
ALTER TYPE adminactiontype RENAME VALUE 'credit_issued' TO 'CREDIT_ISSUED';

-- Enum AdminActionType: label refund_issued is now REFUND_ISSUED
ALTER TYPE adminactiontype RENAME VALUE 'refund_issued' TO 'REFUND_ISSUED';

-- Enum AdminActionType: label force_cancel is now FORCE_CANCEL
ALTER TYPE adminactiontype RENAME VALUE 'force_cancel' TO 'FORCE_CANCEL';

-- Enum AdminActionType: label impersonation_start is now IMPERSONATION_START
ALTER TYPE adminactiontype RENAME VALUE 'impersonation_start' TO 'IMPERSONATION_START';

-- Enum AdminActionType: label impersonation_end is now IMPERSONATION_END
ALTER TYPE adminactiontype RENAME VALUE 'impersonation_end' TO 'IMPERSONATION_END';

-- Enum AdminActionType: label session_revoke is now SESSION_REVOKE
ALTER TYPE adminactiontype RENAME VALUE 'session_revoke' TO 'SESSION_REVOKE';

-- Enum DunningState: label first_attempt_failed is now FIRST_ATTEMPT_FAILED
ALTER TYPE dunningstate RENAME VALUE 'first_attempt_failed' TO 'FIRST_ATTEMPT_FAILED';

-- Enum DunningState: label second_attempt_failed is now SECOND_ATTEMPT_FAILED
ALTER TYPE dunningstate RENAME VALUE 'second_attempt_failed' TO 'SECOND_ATTEMPT_FAILED';

-- Enum DunningState: label third_attempt_failed is now THIRD_ATTEMPT_FAILED
ALTER TYPE dunningstate RENAME VALUE 'third_attempt_failed' TO 'THIRD_ATTEMPT_FAILED';

-- Enum DunningState: label grace_period is now GRACE_PERIOD
ALTER TYPE dunningstate RENAME VALUE 'grace_period' TO 'GRACE_PERIOD';

-- Enum DunningState: label canceled is now CANCELED
ALTER TYPE dunningstate RENAME VALUE 'canceled' TO 'CANCELED';

-- Enum DunningState: label resolved is now RESOLVED
ALTER TYPE dunningstate RENAME VALUE 'resolved' TO 'RESOLVED';

-- Enum DunningResolution: label paid is now PAID
ALTER TYPE dunningresolution RENAME VALUE 'paid' TO 'PAID';

-- Enum DunningResolution: label canceled is now CANCELED
ALTER TYPE dunningresolution RENAME VALUE 'canceled' TO 'CANCELED';

-- Enum DunningResolution: label manual_override is now MANUAL_OVERRIDE
ALTER TYPE dunningresolution RENAME VALUE 'manual_override' TO 'MANUAL_OVERRIDE';

-- Enum ExpectationTargetType: label account is now ACCOUNT
ALTER TYPE expectationtargettype RENAME VALUE 'account' TO 'ACCOUNT';

-- Enum ExpectationTargetType: label balance is now BALANCE
ALTER TYPE expectationtargettype RENAME VALUE 'balance' TO 'BALANCE';

-- Enum ExpectationTargetType: label ratio is now RATIO
ALTER TYPE expectationtargettype RENAME VALUE 'ratio' TO 'RATIO';

-- Enum ExpectationTargetType: label flux_line is now FLUX_LINE
ALTER TYPE expectationtargettype RENAME VALUE 'flux_line' TO 'FLUX_LINE';

-- Enum ExpectationResultStatus: label not_evaluated is now NOT_EVALUATED
ALTER TYPE expectationresultstatus RENAME VALUE 'not_evaluated' TO 'NOT_EVALUATED';

-- Enum ExpectationResultStatus: label within_threshold is now WITHIN_THRESHOLD
ALTER TYPE expectationresultstatus RENAME VALUE 'within_threshold' TO 'WITHIN_THRESHOLD';

-- Enum ExpectationResultStatus: label exceeds_threshold is now EXCEEDS_THRESHOLD
ALTER TYPE expectationresultstatus RENAME VALUE 'exceeds_threshold' TO 'EXCEEDS_THRESHOLD';

-- Enum MisstatementSourceType: label adjusting_entry_passed is now ADJUSTING_ENTRY_PASSED
ALTER TYPE misstatementsourcetype RENAME VALUE 'adjusting_entry_passed' TO 'ADJUSTING_ENTRY_PASSED';

-- Enum MisstatementSourceType: label sample_projection is now SAMPLE_PROJECTION
ALTER TYPE misstatementsourcetype RENAME VALUE 'sample_projection' TO 'SAMPLE_PROJECTION';

-- Enum MisstatementSourceType: label known_error is now KNOWN_ERROR
ALTER TYPE misstatementsourcetype RENAME VALUE 'known_error' TO 'KNOWN_ERROR';

-- Enum MisstatementClassification: label factual is now FACTUAL
ALTER TYPE misstatementclassification RENAME VALUE 'factual' TO 'FACTUAL';

-- Enum MisstatementClassification: label judgmental is now JUDGMENTAL
ALTER TYPE misstatementclassification RENAME VALUE 'judgmental' TO 'JUDGMENTAL';

-- Enum MisstatementClassification: label projected is now PROJECTED
ALTER TYPE misstatementclassification RENAME VALUE 'projected' TO 'PROJECTED';

-- Enum MisstatementDisposition: label not_yet_reviewed is now NOT_YET_REVIEWED
ALTER TYPE misstatementdisposition RENAME VALUE 'not_yet_reviewed' TO 'NOT_YET_REVIEWED';

-- Enum MisstatementDisposition: label auditor_proposes_correction is now AUDITOR_PROPOSES_CORRECTION
ALTER TYPE misstatementdisposition RENAME VALUE 'auditor_proposes_correction' TO 'AUDITOR_PROPOSES_CORRECTION';

-- Enum MisstatementDisposition: label auditor_accepts_as_immaterial is now AUDITOR_ACCEPTS_AS_IMMATERIAL
ALTER TYPE misstatementdisposition RENAME VALUE 'auditor_accepts_as_immaterial' TO 'AUDITOR_ACCEPTS_AS_IMMATERIAL';

-- Enum EngagementStatus: add label COMPLETED
-- pschema:no-transaction
ALTER TYPE engagementstatus ADD VALUE IF NOT EXISTS 'COMPLETED' AFTER 'ACTIVE';

-- Enum ToolName: add label STATISTICAL_SAMPLING
-- pschema:no-transaction
ALTER TYPE toolname ADD VALUE IF NOT EXISTS 'STATISTICAL_SAMPLING' AFTER 'INVENTORY_TESTING';

-- Enum BillingEventType: labels removed or reordered; swap the type
ALTER TYPE billingeventtype RENAME TO billingeventtype_old;

CREATE TYPE billingeventtype AS ENUM ('TRIAL_STARTED', 'TRIAL_CONVERTED', 'TRIAL_ENDING', 'TRIAL_EXPIRED', 'SUBSCRIPTION_CREATED', 'SUBSCRIPTION_UPGRADED', 'SUBSCRIPTION_DOWNGRADED', 'SUBSCRIPTION_CANCELED', 'SUBSCRIPTION_CHURNED', 'PAYMENT_FAILED', 'PAYMENT_RECOVERED', 'PAYMENT_SUCCEEDED', 'INVOICE_CREATED', 'DISPUTE_CREATED', 'DISPUTE_RESOLVED_WON', 'DISPUTE_RESOLVED_LOST', 'DISPUTE_CLOSED_OTHER');

ALTER TABLE billing_events ALTER COLUMN event_type TYPE billingeventtype USING event_type::text::billingeventtype;

DROP TYPE billingeventtype_old;

-- Drop index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_client_user_period;

-- Create table tool_activities
CREATE TABLE tool_activities (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	tool_name VARCHAR(50) NOT NULL, 
	filename_display VARCHAR(255), 
	record_count INTEGER, 
	summary_json TEXT, 
	engagement_id INTEGER, 
	timestamp TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_tool_activities_engagement_id FOREIGN KEY(engagement_id) REFERENCES engagements (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_tool_activities_id ON tool_activities (id);

CREATE INDEX ix_tool_activities_timestamp ON tool_activities (timestamp);

CREATE INDEX ix_tool_activities_tool_name ON tool_activities (tool_name);

CREATE INDEX ix_tool_activities_user_id ON tool_activities (user_id);

CREATE INDEX ix_tool_activities_user_timestamp ON tool_activities (user_id, timestamp);

-- Create table password_reset_tokens
CREATE TABLE password_reset_tokens (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	used_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_password_reset_tokens_id ON password_reset_tokens (id);

CREATE UNIQUE INDEX ix_password_reset_tokens_token_hash ON password_reset_tokens (token_hash);

CREATE INDEX ix_password_reset_tokens_user_id ON password_reset_tokens (user_id);

-- Create table waitlist_signups
CREATE TABLE waitlist_signups (
	id SERIAL NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_waitlist_signups_email ON waitlist_signups (email);

CREATE INDEX ix_waitlist_signups_id ON waitlist_signups (id);

-- Create table processed_webhook_events
CREATE TABLE processed_webhook_events (
	stripe_event_id VARCHAR(255) NOT NULL, 
	processed_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (stripe_event_id)
);

-- Alter table subscriptions
ALTER TABLE subscriptions ALTER COLUMN seat_count DROP DEFAULT;

ALTER TABLE subscriptions ALTER COLUMN additional_seats DROP DEFAULT;

ALTER TABLE subscriptions ALTER COLUMN uploads_used_current_period DROP DEFAULT;

ALTER TABLE subscriptions ALTER COLUMN seat_version DROP DEFAULT;

ALTER TABLE subscriptions ALTER COLUMN cancel_at_period_end DROP DEFAULT;

UPDATE subscriptions SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE subscriptions ALTER COLUMN created_at SET NOT NULL;

UPDATE subscriptions SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE subscriptions ALTER COLUMN updated_at SET NOT NULL;

-- Alter table organizations
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'organizations'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['subscription_id']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'organizations'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'organizations', found);
END $$;

DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'organizations'::regclass AND c.contype = 'u'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['subscription_id']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'organizations'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'organizations', found);
END $$;

UPDATE organizations SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE organizations ALTER COLUMN created_at SET NOT NULL;

UPDATE organizations SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE organizations ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE organizations ADD CONSTRAINT fk_organizations_subscription_id FOREIGN KEY(subscription_id) REFERENCES subscriptions (id);

-- Alter table users
UPDATE users SET is_active = true WHERE is_active IS NULL;

ALTER TABLE users ALTER COLUMN is_active SET NOT NULL;

UPDATE users SET is_verified = false WHERE is_verified IS NULL;

ALTER TABLE users ALTER COLUMN is_verified SET NOT NULL;

UPDATE users SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE users ALTER COLUMN created_at SET NOT NULL;

UPDATE users SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE users ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE users ALTER COLUMN failed_login_attempts DROP DEFAULT;

ALTER TABLE users ALTER COLUMN is_superadmin DROP DEFAULT;

UPDATE users SET settings = '{}' WHERE settings IS NULL;

ALTER TABLE users ALTER COLUMN settings SET NOT NULL;

-- Alter table activity_logs
ALTER TABLE activity_logs DROP CONSTRAINT fk_activity_logs_archived_by_users;

UPDATE activity_logs SET timestamp = now() WHERE timestamp IS NULL;

ALTER TABLE activity_logs ALTER COLUMN timestamp SET NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN anomaly_count SET DEFAULT '0';

UPDATE activity_logs SET anomaly_count = '0' WHERE anomaly_count IS NULL;

ALTER TABLE activity_logs ALTER COLUMN anomaly_count SET NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN material_count SET DEFAULT '0';

UPDATE activity_logs SET material_count = '0' WHERE material_count IS NULL;

ALTER TABLE activity_logs ALTER COLUMN material_count SET NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN immaterial_count SET DEFAULT '0';

UPDATE activity_logs SET immaterial_count = '0' WHERE immaterial_count IS NULL;

ALTER TABLE activity_logs ALTER COLUMN immaterial_count SET NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN is_consolidated SET DEFAULT '0';

UPDATE activity_logs SET is_consolidated = '0' WHERE is_consolidated IS NULL;

ALTER TABLE activity_logs ALTER COLUMN is_consolidated SET NOT NULL;

ALTER TABLE activity_logs ADD FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table clients
ALTER TABLE clients ALTER COLUMN reporting_framework DROP DEFAULT;

ALTER TABLE clients ALTER COLUMN entity_type DROP DEFAULT;

ALTER TABLE clients ALTER COLUMN jurisdiction_country DROP DEFAULT;

UPDATE clients SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE clients ALTER COLUMN created_at SET NOT NULL;

UPDATE clients SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE clients ALTER COLUMN updated_at SET NOT NULL;

UPDATE clients SET settings = '{}' WHERE settings IS NULL;

ALTER TABLE clients ALTER COLUMN settings SET NOT NULL;

-- Alter table engagements
ALTER TABLE engagements ADD COLUMN completed_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE engagements ADD COLUMN completed_by INTEGER;

UPDATE engagements SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE engagements ALTER COLUMN created_at SET NOT NULL;

UPDATE engagements SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE engagements ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE engagements ADD FOREIGN KEY(completed_by) REFERENCES users (id);

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries DROP CONSTRAINT fk_diagnostic_summaries_archived_by_users;

UPDATE diagnostic_summaries SET timestamp = now() WHERE timestamp IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN timestamp SET NOT NULL;

UPDATE diagnostic_summaries SET total_assets = 0 WHERE total_assets IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_assets SET NOT NULL;

UPDATE diagnostic_summaries SET current_assets = 0 WHERE current_assets IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_assets SET NOT NULL;

UPDATE diagnostic_summaries SET inventory = 0 WHERE inventory IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN inventory SET NOT NULL;

UPDATE diagnostic_summaries SET total_liabilities = 0 WHERE total_liabilities IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_liabilities SET NOT NULL;

UPDATE diagnostic_summaries SET current_liabilities = 0 WHERE current_liabilities IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_liabilities SET NOT NULL;

UPDATE diagnostic_summaries SET total_equity = 0 WHERE total_equity IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_equity SET NOT NULL;

UPDATE diagnostic_summaries SET total_revenue = 0 WHERE total_revenue IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_revenue SET NOT NULL;

UPDATE diagnostic_summaries SET cost_of_goods_sold = 0 WHERE cost_of_goods_sold IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN cost_of_goods_sold SET NOT NULL;

UPDATE diagnostic_summaries SET total_expenses = 0 WHERE total_expenses IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_expenses SET NOT NULL;

UPDATE diagnostic_summaries SET operating_expenses = 0 WHERE operating_expenses IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN operating_expenses SET NOT NULL;

ALTER TABLE diagnostic_summaries ADD COLUMN dso FLOAT;

ALTER TABLE diagnostic_summaries ADD COLUMN dpo FLOAT;

ALTER TABLE diagnostic_summaries ADD COLUMN dio FLOAT;

ALTER TABLE diagnostic_summaries ADD COLUMN ccc FLOAT;

UPDATE diagnostic_summaries SET total_debits = 0 WHERE total_debits IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_debits SET NOT NULL;

UPDATE diagnostic_summaries SET total_credits = 0 WHERE total_credits IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_credits SET NOT NULL;

UPDATE diagnostic_summaries SET was_balanced = true WHERE was_balanced IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN was_balanced SET NOT NULL;

UPDATE diagnostic_summaries SET anomaly_count = 0 WHERE anomaly_count IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN anomaly_count SET NOT NULL;

UPDATE diagnostic_summaries SET materiality_threshold = 0 WHERE materiality_threshold IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN materiality_threshold SET NOT NULL;

UPDATE diagnostic_summaries SET row_count = 0 WHERE row_count IS NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN row_count SET NOT NULL;

ALTER TABLE diagnostic_summaries ADD FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table email_verification_tokens
UPDATE email_verification_tokens SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE email_verification_tokens ALTER COLUMN created_at SET NOT NULL;

-- Alter table refresh_tokens
UPDATE refresh_tokens SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE refresh_tokens ALTER COLUMN created_at SET NOT NULL;

-- Alter table tool_runs
ALTER TABLE tool_runs DROP CONSTRAINT fk_tool_runs_archived_by_users;

ALTER TABLE tool_runs ADD FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table follow_up_items
ALTER TABLE follow_up_items DROP CONSTRAINT fk_follow_up_items_archived_by_users;

UPDATE follow_up_items SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE follow_up_items ALTER COLUMN created_at SET NOT NULL;

UPDATE follow_up_items SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE follow_up_items ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE follow_up_items ADD FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table follow_up_item_comments
ALTER TABLE follow_up_item_comments DROP CONSTRAINT fk_follow_up_item_comments_archived_by_users;

UPDATE follow_up_item_comments SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE follow_up_item_comments ALTER COLUMN created_at SET NOT NULL;

UPDATE follow_up_item_comments SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE follow_up_item_comments ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE follow_up_item_comments ADD FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table organization_members
ALTER TABLE organization_members ALTER COLUMN role DROP DEFAULT;

UPDATE organization_members SET joined_at = now() WHERE joined_at IS NULL;

ALTER TABLE organization_members ALTER COLUMN joined_at SET NOT NULL;

-- Alter table organization_invites
ALTER TABLE organization_invites ALTER COLUMN role DROP DEFAULT;

ALTER TABLE organization_invites ALTER COLUMN status DROP DEFAULT;

UPDATE organization_invites SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE organization_invites ALTER COLUMN created_at SET NOT NULL;

-- Alter table export_shares
ALTER TABLE export_shares ALTER COLUMN passcode_failed_attempts DROP DEFAULT;

ALTER TABLE export_shares ALTER COLUMN single_use DROP DEFAULT;

UPDATE export_shares SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE export_shares ALTER COLUMN created_at SET NOT NULL;

ALTER TABLE export_shares ALTER COLUMN access_count DROP DEFAULT;

-- Alter table team_activity_logs
UPDATE team_activity_logs SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE team_activity_logs ALTER COLUMN created_at SET NOT NULL;

-- Alter table firm_branding
UPDATE firm_branding SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE firm_branding ALTER COLUMN created_at SET NOT NULL;

UPDATE firm_branding SET updated_at = now() WHERE updated_at IS NULL;

ALTER TABLE firm_branding ALTER COLUMN updated_at SET NOT NULL;

-- Alter table scheduler_locks
UPDATE scheduler_locks SET locked_at = now() WHERE locked_at IS NULL;

ALTER TABLE scheduler_locks ALTER COLUMN locked_at SET NOT NULL;

-- Alter table upload_dedup
UPDATE upload_dedup SET created_at = now() WHERE created_at IS NULL;

ALTER TABLE upload_dedup ALTER COLUMN created_at SET NOT NULL;

-- pschema:data
-- archive_reason becomes VARCHAR(255) as in the models (the soft-delete mixin). The
-- generated cast would cut longer values silently; cut them here, visibly, to the first
-- 255 characters. (SQLite does not enforce the length: nothing is cut there.)
UPDATE analytical_expectations SET archive_reason = left(archive_reason, 255) WHERE length(archive_reason) > 255;
UPDATE uncorrected_misstatements SET archive_reason = left(archive_reason, 255) WHERE length(archive_reason) > 255;
-- pschema:end-data

-- Alter table analytical_expectations
ALTER TABLE analytical_expectations ALTER COLUMN corroboration_tags_json DROP DEFAULT;

ALTER TABLE analytical_expectations ALTER COLUMN result_status DROP DEFAULT;

ALTER TABLE analytical_expectations ALTER COLUMN archive_reason TYPE VARCHAR(255) USING archive_reason::VARCHAR(255);

ALTER TABLE analytical_expectations ADD FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table uncorrected_misstatements
ALTER TABLE uncorrected_misstatements ALTER COLUMN accounts_affected_json DROP DEFAULT;

ALTER TABLE uncorrected_misstatements ALTER COLUMN fs_impact_net_income DROP DEFAULT;

ALTER TABLE uncorrected_misstatements ALTER COLUMN fs_impact_net_assets DROP DEFAULT;

ALTER TABLE uncorrected_misstatements ALTER COLUMN cpa_disposition DROP DEFAULT;

ALTER TABLE uncorrected_misstatements ALTER COLUMN archive_reason TYPE VARCHAR(255) USING archive_reason::VARCHAR(255);

ALTER TABLE uncorrected_misstatements ADD FOREIGN KEY(archived_by) REFERENCES users (id);

-- Create index ix_organizations_id on organizations
CREATE INDEX ix_organizations_id ON organizations (id);

-- Create index ix_organizations_subscription_id on organizations
CREATE UNIQUE INDEX ix_organizations_subscription_id ON organizations (subscription_id);

-- pschema:data
-- tool_runs: rows that share (engagement_id, tool_name, run_number) would fail the new
-- unique index uq_tool_runs_engagement_tool_run. Every duplicate after the first (by id)
-- takes the next free run numbers of its engagement and tool, in id order; no row is
-- deleted. Runs after the label renames (flux_analysis and FLUX_ANALYSIS are one tool).
CREATE TEMPORARY TABLE pschema_tool_run_renumber AS
SELECT t.id,
       (SELECT max(m.run_number) FROM tool_runs m
         WHERE m.engagement_id = t.engagement_id AND m.tool_name = t.tool_name)
       + (SELECT count(*) FROM tool_runs e
           WHERE e.engagement_id = t.engagement_id AND e.tool_name = t.tool_name AND e.id <= t.id
             AND EXISTS (SELECT 1 FROM tool_runs f
                          WHERE f.engagement_id = e.engagement_id AND f.tool_name = e.tool_name
                            AND f.run_number = e.run_number AND f.id < e.id)) AS run_number
  FROM tool_runs t
 WHERE EXISTS (SELECT 1 FROM tool_runs d
                WHERE d.engagement_id = t.engagement_id AND d.tool_name = t.tool_name
                  AND d.run_number = t.run_number AND d.id < t.id);
UPDATE tool_runs
   SET run_number = (SELECT r.run_number FROM pschema_tool_run_renumber r WHERE r.id = tool_runs.id)
 WHERE id IN (SELECT id FROM pschema_tool_run_renumber);
DROP TABLE pschema_tool_run_renumber;
-- pschema:end-data

-- Create index uq_tool_runs_engagement_tool_run on tool_runs
CREATE UNIQUE INDEX uq_tool_runs_engagement_tool_run ON tool_runs (engagement_id, tool_name, run_number);

-- Create index ix_organization_members_id on organization_members
CREATE INDEX ix_organization_members_id ON organization_members (id);

-- Create index ix_organization_invites_id on organization_invites
CREATE INDEX ix_organization_invites_id ON organization_invites (id);

-- Create index ix_export_shares_id on export_shares
CREATE INDEX ix_export_shares_id ON export_shares (id);

-- Create index ix_team_activity_logs_id on team_activity_logs
CREATE INDEX ix_team_activity_logs_id ON team_activity_logs (id);

-- Create index ix_firm_branding_id on firm_branding
CREATE INDEX ix_firm_branding_id ON firm_branding (id);

-- Create index ix_admin_audit_logs_id on admin_audit_logs
CREATE INDEX ix_admin_audit_logs_id ON admin_audit_logs (id);

-- Create index ix_dunning_episodes_id on dunning_episodes
CREATE INDEX ix_dunning_episodes_id ON dunning_episodes (id);

-- Create index ix_analytical_expectations_archived_at on analytical_expectations
CREATE INDEX ix_analytical_expectations_archived_at ON analytical_expectations (archived_at);

-- Create index ix_uncorrected_misstatements_archived_at on uncorrected_misstatements
CREATE INDEX ix_uncorrected_misstatements_archived_at ON uncorrected_misstatements (archived_at);
