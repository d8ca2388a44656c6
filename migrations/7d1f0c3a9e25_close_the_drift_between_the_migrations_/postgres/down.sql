-- 7d1f0c3a9e25: close the drift between the migrations and the Python models
-- downgrade on PostgreSQL; parents: b5c6d7e8f9a0

-- Enum MisstatementDisposition: label NOT_YET_REVIEWED is now not_yet_reviewed
ALTER TYPE misstatementdisposition RENAME VALUE 'NOT_YET_REVIEWED' TO 'not_yet_reviewed';

-- Enum MisstatementDisposition: label AUDITOR_PROPOSES_CORRECTION is now auditor_proposes_correction
ALTER TYPE misstatementdisposition RENAME VALUE 'AUDITOR_PROPOSES_CORRECTION' TO 'auditor_proposes_correction';

-- Enum MisstatementDisposition: label AUDITOR_ACCEPTS_AS_IMMATERIAL is now auditor_accepts_as_immaterial
ALTER TYPE misstatementdisposition RENAME VALUE 'AUDITOR_ACCEPTS_AS_IMMATERIAL' TO 'auditor_accepts_as_immaterial';

-- Enum MisstatementClassification: label FACTUAL is now factual
ALTER TYPE misstatementclassification RENAME VALUE 'FACTUAL' TO 'factual';

-- Enum MisstatementClassification: label JUDGMENTAL is now judgmental
ALTER TYPE misstatementclassification RENAME VALUE 'JUDGMENTAL' TO 'judgmental';

-- Enum MisstatementClassification: label PROJECTED is now projected
ALTER TYPE misstatementclassification RENAME VALUE 'PROJECTED' TO 'projected';

-- Enum MisstatementSourceType: label ADJUSTING_ENTRY_PASSED is now adjusting_entry_passed
ALTER TYPE misstatementsourcetype RENAME VALUE 'ADJUSTING_ENTRY_PASSED' TO 'adjusting_entry_passed';

-- Enum MisstatementSourceType: label SAMPLE_PROJECTION is now sample_projection
ALTER TYPE misstatementsourcetype RENAME VALUE 'SAMPLE_PROJECTION' TO 'sample_projection';

-- Enum MisstatementSourceType: label KNOWN_ERROR is now known_error
ALTER TYPE misstatementsourcetype RENAME VALUE 'KNOWN_ERROR' TO 'known_error';

-- Enum ExpectationResultStatus: label NOT_EVALUATED is now not_evaluated
ALTER TYPE expectationresultstatus RENAME VALUE 'NOT_EVALUATED' TO 'not_evaluated';

-- Enum ExpectationResultStatus: label WITHIN_THRESHOLD is now within_threshold
ALTER TYPE expectationresultstatus RENAME VALUE 'WITHIN_THRESHOLD' TO 'within_threshold';

-- Enum ExpectationResultStatus: label EXCEEDS_THRESHOLD is now exceeds_threshold
ALTER TYPE expectationresultstatus RENAME VALUE 'EXCEEDS_THRESHOLD' TO 'exceeds_threshold';

-- Enum ExpectationTargetType: label ACCOUNT is now account
ALTER TYPE expectationtargettype RENAME VALUE 'ACCOUNT' TO 'account';

-- Enum ExpectationTargetType: label BALANCE is now balance
ALTER TYPE expectationtargettype RENAME VALUE 'BALANCE' TO 'balance';

-- Enum ExpectationTargetType: label RATIO is now ratio
ALTER TYPE expectationtargettype RENAME VALUE 'RATIO' TO 'ratio';

-- Enum ExpectationTargetType: label FLUX_LINE is now flux_line
ALTER TYPE expectationtargettype RENAME VALUE 'FLUX_LINE' TO 'flux_line';

-- Enum DunningResolution: label PAID is now paid
ALTER TYPE dunningresolution RENAME VALUE 'PAID' TO 'paid';

-- Enum DunningResolution: label CANCELED is now canceled
ALTER TYPE dunningresolution RENAME VALUE 'CANCELED' TO 'canceled';

-- Enum DunningResolution: label MANUAL_OVERRIDE is now manual_override
ALTER TYPE dunningresolution RENAME VALUE 'MANUAL_OVERRIDE' TO 'manual_override';

-- Enum DunningState: label FIRST_ATTEMPT_FAILED is now first_attempt_failed
ALTER TYPE dunningstate RENAME VALUE 'FIRST_ATTEMPT_FAILED' TO 'first_attempt_failed';

-- Enum DunningState: label SECOND_ATTEMPT_FAILED is now second_attempt_failed
ALTER TYPE dunningstate RENAME VALUE 'SECOND_ATTEMPT_FAILED' TO 'second_attempt_failed';

-- Enum DunningState: label THIRD_ATTEMPT_FAILED is now third_attempt_failed
ALTER TYPE dunningstate RENAME VALUE 'THIRD_ATTEMPT_FAILED' TO 'third_attempt_failed';

-- Enum DunningState: label GRACE_PERIOD is now grace_period
ALTER TYPE dunningstate RENAME VALUE 'GRACE_PERIOD' TO 'grace_period';

-- Enum DunningState: label CANCELED is now canceled
ALTER TYPE dunningstate RENAME VALUE 'CANCELED' TO 'canceled';

-- Enum DunningState: label RESOLVED is now resolved
ALTER TYPE dunningstate RENAME VALUE 'RESOLVED' TO 'resolved';

-- Enum AdminActionType: label PLAN_OVERRIDE is now plan_override
ALTER TYPE adminactiontype RENAME VALUE 'PLAN_OVERRIDE' TO 'plan_override';

-- Enum AdminActionType: label TRIAL_EXTENSION is now trial_extension
ALTER TYPE adminactiontype RENAME VALUE 'TRIAL_EXTENSION' TO 'trial_extension';

-- Enum AdminActionType: label CREDIT_ISSUED is now credit_issued
ALTER TYPE adminactiontype RENAME VALUE 'CREDIT_ISSUED' TO 'credit_issued';

-- Enum AdminActionType: label REFUND_ISSUED is now refund_issued
ALTER TYPE adminactiontype RENAME VALUE 'REFUND_ISSUED' TO 'refund_issued';

-- Enum AdminActionType: label FORCE_CANCEL is now force_cancel
ALTER TYPE adminactiontype RENAME VALUE 'FORCE_CANCEL' TO 'force_cancel';

-- Enum AdminActionType: label IMPERSONATION_START is now impersonation_start
ALTER TYPE adminactiontype RENAME VALUE 'IMPERSONATION_START' TO 'impersonation_start';

-- Enum AdminActionType: label IMPERSONATION_END is now impersonation_end
ALTER TYPE adminactiontype RENAME VALUE 'IMPERSONATION_END' TO 'impersonation_end';

-- Enum AdminActionType: label SESSION_REVOKE is now session_revoke
ALTER TYPE adminactiontype RENAME VALUE 'SESSION_REVOKE' TO 'session_revoke';

-- Enum TeamActionType: label UPLOAD is now upload
ALTER TYPE teamactiontype RENAME VALUE 'UPLOAD' TO 'upload';

-- Enum TeamActionType: label EXPORT is now export
ALTER TYPE teamactiontype RENAME VALUE 'EXPORT' TO 'export';

-- Enum TeamActionType: label SHARE is now share
ALTER TYPE teamactiontype RENAME VALUE 'SHARE' TO 'share';

-- Enum TeamActionType: label LOGIN is now login
ALTER TYPE teamactiontype RENAME VALUE 'LOGIN' TO 'login';

-- Enum InviteStatus: label PENDING is now pending
ALTER TYPE invitestatus RENAME VALUE 'PENDING' TO 'pending';

-- Enum InviteStatus: label ACCEPTED is now accepted
ALTER TYPE invitestatus RENAME VALUE 'ACCEPTED' TO 'accepted';

-- Enum InviteStatus: label EXPIRED is now expired
ALTER TYPE invitestatus RENAME VALUE 'EXPIRED' TO 'expired';

-- Enum InviteStatus: label REVOKED is now revoked
ALTER TYPE invitestatus RENAME VALUE 'REVOKED' TO 'revoked';

-- Enum OrgRole: label OWNER is now owner
ALTER TYPE orgrole RENAME VALUE 'OWNER' TO 'owner';

-- Enum OrgRole: label ADMIN is now admin
ALTER TYPE orgrole RENAME VALUE 'ADMIN' TO 'admin';

-- Enum OrgRole: label MEMBER is now member
ALTER TYPE orgrole RENAME VALUE 'MEMBER' TO 'member';

-- Enum BillingEventType: label TRIAL_STARTED is now trial_started
ALTER TYPE billingeventtype RENAME VALUE 'TRIAL_STARTED' TO 'trial_started';

-- Enum BillingEventType: label TRIAL_CONVERTED is now trial_converted
ALTER TYPE billingeventtype RENAME VALUE 'TRIAL_CONVERTED' TO 'trial_converted';

-- Enum BillingEventType: label TRIAL_ENDING is now trial_ending
ALTER TYPE billingeventtype RENAME VALUE 'TRIAL_ENDING' TO 'trial_ending';

-- Enum BillingEventType: label TRIAL_EXPIRED is now trial_expired
ALTER TYPE billingeventtype RENAME VALUE 'TRIAL_EXPIRED' TO 'trial_expired';

-- Enum BillingEventType: label SUBSCRIPTION_CREATED is now subscription_created
ALTER TYPE billingeventtype RENAME VALUE 'SUBSCRIPTION_CREATED' TO 'subscription_created';

-- Enum BillingEventType: label SUBSCRIPTION_UPGRADED is now subscription_upgraded
ALTER TYPE billingeventtype RENAME VALUE 'SUBSCRIPTION_UPGRADED' TO 'subscription_upgraded';

-- Enum BillingEventType: label SUBSCRIPTION_DOWNGRADED is now subscription_downgraded
ALTER TYPE billingeventtype RENAME VALUE 'SUBSCRIPTION_DOWNGRADED' TO 'subscription_downgraded';

-- Enum BillingEventType: label SUBSCRIPTION_CANCELED is now subscription_canceled
ALTER TYPE billingeventtype RENAME VALUE 'SUBSCRIPTION_CANCELED' TO 'subscription_canceled';

-- Enum BillingEventType: label SUBSCRIPTION_CHURNED is now subscription_churned
ALTER TYPE billingeventtype RENAME VALUE 'SUBSCRIPTION_CHURNED' TO 'subscription_churned';

-- Enum BillingEventType: label PAYMENT_FAILED is now payment_failed
ALTER TYPE billingeventtype RENAME VALUE 'PAYMENT_FAILED' TO 'payment_failed';

-- Enum BillingEventType: label PAYMENT_RECOVERED is now payment_recovered
ALTER TYPE billingeventtype RENAME VALUE 'PAYMENT_RECOVERED' TO 'payment_recovered';

-- Enum BillingEventType: label PAYMENT_SUCCEEDED is now payment_succeeded
ALTER TYPE billingeventtype RENAME VALUE 'PAYMENT_SUCCEEDED' TO 'payment_succeeded';

-- Enum BillingEventType: label INVOICE_CREATED is now invoice_created
ALTER TYPE billingeventtype RENAME VALUE 'INVOICE_CREATED' TO 'invoice_created';

-- Enum BillingEventType: label DISPUTE_CREATED is now dispute_created
ALTER TYPE billingeventtype RENAME VALUE 'DISPUTE_CREATED' TO 'dispute_created';

-- Enum BillingEventType: label DISPUTE_RESOLVED_WON is now dispute_resolved_won
ALTER TYPE billingeventtype RENAME VALUE 'DISPUTE_RESOLVED_WON' TO 'dispute_resolved_won';

-- Enum BillingEventType: label DISPUTE_RESOLVED_LOST is now dispute_resolved_lost
ALTER TYPE billingeventtype RENAME VALUE 'DISPUTE_RESOLVED_LOST' TO 'dispute_resolved_lost';

-- Enum BillingEventType: label DISPUTE_CLOSED_OTHER is now dispute_closed_other
ALTER TYPE billingeventtype RENAME VALUE 'DISPUTE_CLOSED_OTHER' TO 'dispute_closed_other';

-- Enum BillingInterval: label MONTHLY is now monthly
ALTER TYPE billinginterval RENAME VALUE 'MONTHLY' TO 'monthly';

-- Enum BillingInterval: label ANNUAL is now annual
ALTER TYPE billinginterval RENAME VALUE 'ANNUAL' TO 'annual';

-- Enum SubscriptionStatus: label ACTIVE is now active
ALTER TYPE subscriptionstatus RENAME VALUE 'ACTIVE' TO 'active';

-- Enum SubscriptionStatus: label PAST_DUE is now past_due
ALTER TYPE subscriptionstatus RENAME VALUE 'PAST_DUE' TO 'past_due';

-- Enum SubscriptionStatus: label CANCELED is now canceled
ALTER TYPE subscriptionstatus RENAME VALUE 'CANCELED' TO 'canceled';

-- Enum SubscriptionStatus: label TRIALING is now trialing
ALTER TYPE subscriptionstatus RENAME VALUE 'TRIALING' TO 'trialing';

-- Enum SubscriptionStatus: label INCOMPLETE is now incomplete
ALTER TYPE subscriptionstatus RENAME VALUE 'INCOMPLETE' TO 'incomplete';

-- Enum SubscriptionStatus: label INCOMPLETE_EXPIRED is now incomplete_expired
ALTER TYPE subscriptionstatus RENAME VALUE 'INCOMPLETE_EXPIRED' TO 'incomplete_expired';

-- Enum SubscriptionStatus: label UNPAID is now unpaid
ALTER TYPE subscriptionstatus RENAME VALUE 'UNPAID' TO 'unpaid';

-- Enum SubscriptionStatus: label PAUSED is now paused
ALTER TYPE subscriptionstatus RENAME VALUE 'PAUSED' TO 'paused';

-- Enum ToolName: label FLUX_ANALYSIS is now flux_analysis
ALTER TYPE toolname RENAME VALUE 'FLUX_ANALYSIS' TO 'flux_analysis';

-- Enum EntityType: label FOR_PROFIT is now for_profit
ALTER TYPE entitytype RENAME VALUE 'FOR_PROFIT' TO 'for_profit';

-- Enum EntityType: label NONPROFIT is now nonprofit
ALTER TYPE entitytype RENAME VALUE 'NONPROFIT' TO 'nonprofit';

-- Enum EntityType: label GOVERNMENTAL is now governmental
ALTER TYPE entitytype RENAME VALUE 'GOVERNMENTAL' TO 'governmental';

-- Enum EntityType: label OTHER is now other
ALTER TYPE entitytype RENAME VALUE 'OTHER' TO 'other';

-- Enum ReportingFramework: label AUTO is now auto
ALTER TYPE reportingframework RENAME VALUE 'AUTO' TO 'auto';

-- Enum ReportingFramework: label FASB is now fasb
ALTER TYPE reportingframework RENAME VALUE 'FASB' TO 'fasb';

-- Enum ReportingFramework: label GASB is now gasb
ALTER TYPE reportingframework RENAME VALUE 'GASB' TO 'gasb';

-- Enum UserTier: label FREE is now free
ALTER TYPE usertier RENAME VALUE 'FREE' TO 'free';

-- Enum UserTier: label SOLO is now solo
ALTER TYPE usertier RENAME VALUE 'SOLO' TO 'solo';

-- Enum UserTier: label PROFESSIONAL is now professional
ALTER TYPE usertier RENAME VALUE 'PROFESSIONAL' TO 'professional';

-- Enum UserTier: label ENTERPRISE is now enterprise
ALTER TYPE usertier RENAME VALUE 'ENTERPRISE' TO 'enterprise';

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

-- Alter table uncorrected_misstatements
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'uncorrected_misstatements'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['archived_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'uncorrected_misstatements'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'uncorrected_misstatements', found);
END $$;

ALTER TABLE uncorrected_misstatements ALTER COLUMN archive_reason TYPE TEXT USING archive_reason::TEXT;

ALTER TABLE uncorrected_misstatements ALTER COLUMN cpa_disposition SET DEFAULT 'not_yet_reviewed';

ALTER TABLE uncorrected_misstatements ALTER COLUMN fs_impact_net_assets SET DEFAULT '0.00';

ALTER TABLE uncorrected_misstatements ALTER COLUMN fs_impact_net_income SET DEFAULT '0.00';

ALTER TABLE uncorrected_misstatements ALTER COLUMN accounts_affected_json SET DEFAULT '[]';

-- Alter table analytical_expectations
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'analytical_expectations'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['archived_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'analytical_expectations'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'analytical_expectations', found);
END $$;

ALTER TABLE analytical_expectations ALTER COLUMN archive_reason TYPE TEXT USING archive_reason::TEXT;

ALTER TABLE analytical_expectations ALTER COLUMN result_status SET DEFAULT 'not_evaluated';

ALTER TABLE analytical_expectations ALTER COLUMN corroboration_tags_json SET DEFAULT '[]';

-- Alter table upload_dedup
ALTER TABLE upload_dedup ALTER COLUMN created_at DROP NOT NULL;

-- Alter table scheduler_locks
ALTER TABLE scheduler_locks ALTER COLUMN locked_at DROP NOT NULL;

-- Alter table firm_branding
ALTER TABLE firm_branding ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE firm_branding ALTER COLUMN created_at DROP NOT NULL;

-- Alter table team_activity_logs
ALTER TABLE team_activity_logs ALTER COLUMN created_at DROP NOT NULL;

-- Alter table export_shares
ALTER TABLE export_shares ALTER COLUMN access_count SET DEFAULT '0';

ALTER TABLE export_shares ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE export_shares ALTER COLUMN single_use SET DEFAULT 'false';

ALTER TABLE export_shares ALTER COLUMN passcode_failed_attempts SET DEFAULT '0';

-- Alter table organization_invites
ALTER TABLE organization_invites ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE organization_invites ALTER COLUMN status SET DEFAULT 'pending';

ALTER TABLE organization_invites ALTER COLUMN role SET DEFAULT 'member';

-- Alter table organization_members
ALTER TABLE organization_members ALTER COLUMN joined_at DROP NOT NULL;

ALTER TABLE organization_members ALTER COLUMN role SET DEFAULT 'member';

-- Alter table follow_up_item_comments
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'follow_up_item_comments'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['archived_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'follow_up_item_comments'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'follow_up_item_comments', found);
END $$;

ALTER TABLE follow_up_item_comments ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE follow_up_item_comments ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE follow_up_item_comments ADD CONSTRAINT fk_follow_up_item_comments_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table follow_up_items
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'follow_up_items'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['archived_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'follow_up_items'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'follow_up_items', found);
END $$;

ALTER TABLE follow_up_items ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE follow_up_items ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE follow_up_items ADD CONSTRAINT fk_follow_up_items_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table tool_runs
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'tool_runs'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['archived_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'tool_runs'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'tool_runs', found);
END $$;

ALTER TABLE tool_runs ADD CONSTRAINT fk_tool_runs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table refresh_tokens
ALTER TABLE refresh_tokens ALTER COLUMN created_at DROP NOT NULL;

-- Alter table email_verification_tokens
ALTER TABLE email_verification_tokens ALTER COLUMN created_at DROP NOT NULL;

-- Alter table diagnostic_summaries
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'diagnostic_summaries'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['archived_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'diagnostic_summaries'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'diagnostic_summaries', found);
END $$;

ALTER TABLE diagnostic_summaries ALTER COLUMN row_count DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN materiality_threshold DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN anomaly_count DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN was_balanced DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_credits DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_debits DROP NOT NULL;

ALTER TABLE diagnostic_summaries DROP COLUMN ccc;

ALTER TABLE diagnostic_summaries DROP COLUMN dio;

ALTER TABLE diagnostic_summaries DROP COLUMN dpo;

ALTER TABLE diagnostic_summaries DROP COLUMN dso;

ALTER TABLE diagnostic_summaries ALTER COLUMN operating_expenses DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_expenses DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN cost_of_goods_sold DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_revenue DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_equity DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_liabilities DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_liabilities DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN inventory DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_assets DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_assets DROP NOT NULL;

ALTER TABLE diagnostic_summaries ALTER COLUMN timestamp DROP NOT NULL;

ALTER TABLE diagnostic_summaries ADD CONSTRAINT fk_diagnostic_summaries_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table engagements
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'engagements'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['completed_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'engagements'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'engagements', found);
END $$;

ALTER TABLE engagements ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE engagements ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE engagements DROP COLUMN completed_by;

ALTER TABLE engagements DROP COLUMN completed_at;

-- Alter table clients
ALTER TABLE clients ALTER COLUMN settings DROP NOT NULL;

ALTER TABLE clients ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE clients ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE clients ALTER COLUMN jurisdiction_country SET DEFAULT 'US';

ALTER TABLE clients ALTER COLUMN entity_type SET DEFAULT 'other';

ALTER TABLE clients ALTER COLUMN reporting_framework SET DEFAULT 'auto';

-- Alter table activity_logs
DO $$
DECLARE found text;
BEGIN
	SELECT c.conname INTO found FROM pg_constraint c
	WHERE c.conrelid = 'activity_logs'::regclass AND c.contype = 'f'
	AND c.conkey = (SELECT array_agg(a.attnum ORDER BY k.n) FROM unnest(ARRAY['archived_by']) WITH ORDINALITY AS k(name, n)
		JOIN pg_attribute a ON a.attrelid = 'activity_logs'::regclass AND a.attname = k.name);
	EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', 'activity_logs', found);
END $$;

ALTER TABLE activity_logs ALTER COLUMN is_consolidated DROP DEFAULT;

ALTER TABLE activity_logs ALTER COLUMN is_consolidated DROP NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN immaterial_count DROP DEFAULT;

ALTER TABLE activity_logs ALTER COLUMN immaterial_count DROP NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN material_count DROP DEFAULT;

ALTER TABLE activity_logs ALTER COLUMN material_count DROP NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN anomaly_count DROP DEFAULT;

ALTER TABLE activity_logs ALTER COLUMN anomaly_count DROP NOT NULL;

ALTER TABLE activity_logs ALTER COLUMN timestamp DROP NOT NULL;

ALTER TABLE activity_logs ADD CONSTRAINT fk_activity_logs_archived_by_users FOREIGN KEY(archived_by) REFERENCES users (id);

-- Alter table users
ALTER TABLE users ALTER COLUMN settings DROP NOT NULL;

ALTER TABLE users ALTER COLUMN is_superadmin SET DEFAULT false;

ALTER TABLE users ALTER COLUMN failed_login_attempts SET DEFAULT '0';

ALTER TABLE users ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE users ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE users ALTER COLUMN is_verified DROP NOT NULL;

ALTER TABLE users ALTER COLUMN is_active DROP NOT NULL;

-- Alter table organizations
ALTER TABLE organizations DROP CONSTRAINT fk_organizations_subscription_id;

ALTER TABLE organizations ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE organizations ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE organizations ADD FOREIGN KEY(subscription_id) REFERENCES subscriptions (id);

ALTER TABLE organizations ADD UNIQUE (subscription_id);

-- Alter table subscriptions
ALTER TABLE subscriptions ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE subscriptions ALTER COLUMN created_at DROP NOT NULL;

ALTER TABLE subscriptions ALTER COLUMN cancel_at_period_end SET DEFAULT '0';

ALTER TABLE subscriptions ALTER COLUMN seat_version SET DEFAULT 0;

ALTER TABLE subscriptions ALTER COLUMN uploads_used_current_period SET DEFAULT '0';

ALTER TABLE subscriptions ALTER COLUMN additional_seats SET DEFAULT '0';

ALTER TABLE subscriptions ALTER COLUMN seat_count SET DEFAULT '1';

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

-- Enum BillingEventType: labels removed or reordered; swap the type
ALTER TYPE billingeventtype RENAME TO billingeventtype_old;

CREATE TYPE billingeventtype AS ENUM ('trial_started', 'trial_converted', 'trial_expired', 'subscription_created', 'subscription_upgraded', 'subscription_downgraded', 'subscription_canceled', 'subscription_churned', 'payment_failed', 'payment_recovered', 'trial_ending', 'payment_succeeded', 'invoice_created', 'dispute_created', 'dispute_resolved_won', 'dispute_resolved_lost', 'dispute_closed_other');

ALTER TABLE billing_events ALTER COLUMN event_type TYPE billingeventtype USING event_type::text::billingeventtype;

DROP TYPE billingeventtype_old;

-- Enum ToolName: labels removed or reordered; swap the type
ALTER TYPE toolname RENAME TO toolname_old;

CREATE TYPE toolname AS ENUM ('TRIAL_BALANCE', 'MULTI_PERIOD', 'JOURNAL_ENTRY_TESTING', 'AP_TESTING', 'BANK_RECONCILIATION', 'PAYROLL_TESTING', 'THREE_WAY_MATCH', 'REVENUE_TESTING', 'AR_AGING', 'FIXED_ASSET_TESTING', 'INVENTORY_TESTING', 'flux_analysis');

ALTER TABLE tool_runs ALTER COLUMN tool_name TYPE toolname USING tool_name::text::toolname;

DROP TYPE toolname_old;

-- Enum EngagementStatus: labels removed or reordered; swap the type
ALTER TYPE engagementstatus RENAME TO engagementstatus_old;

CREATE TYPE engagementstatus AS ENUM ('ACTIVE', 'ARCHIVED');

ALTER TABLE engagements ALTER COLUMN status TYPE engagementstatus USING status::text::engagementstatus;

DROP TYPE engagementstatus_old;
