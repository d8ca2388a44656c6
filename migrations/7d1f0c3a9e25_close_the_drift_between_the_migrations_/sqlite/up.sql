-- 7d1f0c3a9e25: close the drift between the migrations and the Python models
-- upgrade on SQLite; parents: b5c6d7e8f9a0

-- pschema:data
-- users.tier: rows the application wrote hold the Python members' names, which the
-- revisions' lower-case UPDATEs never matched. Names the models no longer have are moved
-- as those revisions meant: STARTER -> SOLO (d9e0f1a2b3c4), TEAM -> SOLO (e3f4a5b6c7d8),
-- ORGANIZATION -> FREE (c2d3e4f5a6b7). (PostgreSQL's usertier cannot hold them.)
UPDATE users SET tier = 'SOLO' WHERE tier IN ('STARTER', 'TEAM');
UPDATE users SET tier = 'FREE' WHERE tier = 'ORGANIZATION';

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
UPDATE users SET tier = 'FREE' WHERE tier = 'free';

-- Enum UserTier: label solo is now SOLO
UPDATE users SET tier = 'SOLO' WHERE tier = 'solo';

-- Enum UserTier: label professional is now PROFESSIONAL
UPDATE users SET tier = 'PROFESSIONAL' WHERE tier = 'professional';

-- Enum UserTier: label enterprise is now ENTERPRISE
UPDATE users SET tier = 'ENTERPRISE' WHERE tier = 'enterprise';

-- Enum ReportingFramework: label auto is now AUTO
UPDATE clients SET reporting_framework = 'AUTO' WHERE reporting_framework = 'auto';

-- Enum ReportingFramework: label fasb is now FASB
UPDATE clients SET reporting_framework = 'FASB' WHERE reporting_framework = 'fasb';

-- Enum ReportingFramework: label gasb is now GASB
UPDATE clients SET reporting_framework = 'GASB' WHERE reporting_framework = 'gasb';

-- Enum EntityType: label for_profit is now FOR_PROFIT
UPDATE clients SET entity_type = 'FOR_PROFIT' WHERE entity_type = 'for_profit';

-- Enum EntityType: label nonprofit is now NONPROFIT
UPDATE clients SET entity_type = 'NONPROFIT' WHERE entity_type = 'nonprofit';

-- Enum EntityType: label governmental is now GOVERNMENTAL
UPDATE clients SET entity_type = 'GOVERNMENTAL' WHERE entity_type = 'governmental';

-- Enum EntityType: label other is now OTHER
UPDATE clients SET entity_type = 'OTHER' WHERE entity_type = 'other';

-- Enum ToolName: label flux_analysis is now FLUX_ANALYSIS
UPDATE tool_runs SET tool_name = 'FLUX_ANALYSIS' WHERE tool_name = 'flux_analysis';

-- Enum SubscriptionStatus: label active is now ACTIVE
UPDATE subscriptions SET status = 'ACTIVE' WHERE status = 'active';

-- Enum SubscriptionStatus: label past_due is now PAST_DUE
UPDATE subscriptions SET status = 'PAST_DUE' WHERE status = 'past_due';

-- Enum SubscriptionStatus: label canceled is now CANCELED
UPDATE subscriptions SET status = 'CANCELED' WHERE status = 'canceled';

-- Enum SubscriptionStatus: label trialing is now TRIALING
UPDATE subscriptions SET status = 'TRIALING' WHERE status = 'trialing';

-- Enum SubscriptionStatus: label incomplete is now INCOMPLETE
UPDATE subscriptions SET status = 'INCOMPLETE' WHERE status = 'incomplete';

-- Enum SubscriptionStatus: label incomplete_expired is now INCOMPLETE_EXPIRED
UPDATE subscriptions SET status = 'INCOMPLETE_EXPIRED' WHERE status = 'incomplete_expired';

-- Enum SubscriptionStatus: label unpaid is now UNPAID
UPDATE subscriptions SET status = 'UNPAID' WHERE status = 'unpaid';

-- Enum SubscriptionStatus: label paused is now PAUSED
UPDATE subscriptions SET status = 'PAUSED' WHERE status = 'paused';

-- Enum BillingInterval: label monthly is now MONTHLY
UPDATE subscriptions SET billing_interval = 'MONTHLY' WHERE billing_interval = 'monthly';

-- Enum BillingInterval: label annual is now ANNUAL
UPDATE subscriptions SET billing_interval = 'ANNUAL' WHERE billing_interval = 'annual';

-- Enum BillingEventType: label trial_started is now TRIAL_STARTED
UPDATE billing_events SET event_type = 'TRIAL_STARTED' WHERE event_type = 'trial_started';

-- Enum BillingEventType: label trial_converted is now TRIAL_CONVERTED
UPDATE billing_events SET event_type = 'TRIAL_CONVERTED' WHERE event_type = 'trial_converted';

-- Enum BillingEventType: label trial_ending is now TRIAL_ENDING
UPDATE billing_events SET event_type = 'TRIAL_ENDING' WHERE event_type = 'trial_ending';

-- Enum BillingEventType: label trial_expired is now TRIAL_EXPIRED
UPDATE billing_events SET event_type = 'TRIAL_EXPIRED' WHERE event_type = 'trial_expired';

-- Enum BillingEventType: label subscription_created is now SUBSCRIPTION_CREATED
UPDATE billing_events SET event_type = 'SUBSCRIPTION_CREATED' WHERE event_type = 'subscription_created';

-- Enum BillingEventType: label subscription_upgraded is now SUBSCRIPTION_UPGRADED
UPDATE billing_events SET event_type = 'SUBSCRIPTION_UPGRADED' WHERE event_type = 'subscription_upgraded';

-- Enum BillingEventType: label subscription_downgraded is now SUBSCRIPTION_DOWNGRADED
UPDATE billing_events SET event_type = 'SUBSCRIPTION_DOWNGRADED' WHERE event_type = 'subscription_downgraded';

-- Enum BillingEventType: label subscription_canceled is now SUBSCRIPTION_CANCELED
UPDATE billing_events SET event_type = 'SUBSCRIPTION_CANCELED' WHERE event_type = 'subscription_canceled';

-- Enum BillingEventType: label subscription_churned is now SUBSCRIPTION_CHURNED
UPDATE billing_events SET event_type = 'SUBSCRIPTION_CHURNED' WHERE event_type = 'subscription_churned';

-- Enum BillingEventType: label payment_failed is now PAYMENT_FAILED
UPDATE billing_events SET event_type = 'PAYMENT_FAILED' WHERE event_type = 'payment_failed';

-- Enum BillingEventType: label payment_recovered is now PAYMENT_RECOVERED
UPDATE billing_events SET event_type = 'PAYMENT_RECOVERED' WHERE event_type = 'payment_recovered';

-- Enum BillingEventType: label payment_succeeded is now PAYMENT_SUCCEEDED
UPDATE billing_events SET event_type = 'PAYMENT_SUCCEEDED' WHERE event_type = 'payment_succeeded';

-- Enum BillingEventType: label invoice_created is now INVOICE_CREATED
UPDATE billing_events SET event_type = 'INVOICE_CREATED' WHERE event_type = 'invoice_created';

-- Enum BillingEventType: label dispute_created is now DISPUTE_CREATED
UPDATE billing_events SET event_type = 'DISPUTE_CREATED' WHERE event_type = 'dispute_created';

-- Enum BillingEventType: label dispute_resolved_won is now DISPUTE_RESOLVED_WON
UPDATE billing_events SET event_type = 'DISPUTE_RESOLVED_WON' WHERE event_type = 'dispute_resolved_won';

-- Enum BillingEventType: label dispute_resolved_lost is now DISPUTE_RESOLVED_LOST
UPDATE billing_events SET event_type = 'DISPUTE_RESOLVED_LOST' WHERE event_type = 'dispute_resolved_lost';

-- Enum BillingEventType: label dispute_closed_other is now DISPUTE_CLOSED_OTHER
UPDATE billing_events SET event_type = 'DISPUTE_CLOSED_OTHER' WHERE event_type = 'dispute_closed_other';

-- Enum OrgRole: label owner is now OWNER
UPDATE organization_members SET role = 'OWNER' WHERE role = 'owner';

-- Enum OrgRole: label admin is now ADMIN
UPDATE organization_members SET role = 'ADMIN' WHERE role = 'admin';

-- Enum OrgRole: label member is now MEMBER
UPDATE organization_members SET role = 'MEMBER' WHERE role = 'member';

-- Enum OrgRole: label owner is now OWNER
UPDATE organization_invites SET role = 'OWNER' WHERE role = 'owner';

-- Enum OrgRole: label admin is now ADMIN
UPDATE organization_invites SET role = 'ADMIN' WHERE role = 'admin';

-- Enum OrgRole: label member is now MEMBER
UPDATE organization_invites SET role = 'MEMBER' WHERE role = 'member';

-- Enum InviteStatus: label pending is now PENDING
UPDATE organization_invites SET status = 'PENDING' WHERE status = 'pending';

-- Enum InviteStatus: label accepted is now ACCEPTED
UPDATE organization_invites SET status = 'ACCEPTED' WHERE status = 'accepted';

-- Enum InviteStatus: label expired is now EXPIRED
UPDATE organization_invites SET status = 'EXPIRED' WHERE status = 'expired';

-- Enum InviteStatus: label revoked is now REVOKED
UPDATE organization_invites SET status = 'REVOKED' WHERE status = 'revoked';

-- Enum TeamActionType: label upload is now UPLOAD
UPDATE team_activity_logs SET action_type = 'UPLOAD' WHERE action_type = 'upload';

-- Enum TeamActionType: label export is now EXPORT
UPDATE team_activity_logs SET action_type = 'EXPORT' WHERE action_type = 'export';

-- Enum TeamActionType: label share is now SHARE
UPDATE team_activity_logs SET action_type = 'SHARE' WHERE action_type = 'share';

-- Enum TeamActionType: label login is now LOGIN
UPDATE team_activity_logs SET action_type = 'LOGIN' WHERE action_type = 'login';

-- Enum AdminActionType: label plan_override is now PLAN_OVERRIDE
UPDATE admin_audit_logs SET action_type = 'PLAN_OVERRIDE' WHERE action_type = 'plan_override';

-- Enum AdminActionType: label trial_extension is now TRIAL_EXTENSION
UPDATE admin_audit_logs SET action_type = 'TRIAL_EXTENSION' WHERE action_type = 'trial_extension';

-- Enum AdminActionType: label credit_issued is now CREDIT_ISSUED
UPDATE admin_audit_logs SET action_type = 'CREDIT_ISSUED' WHERE action_type = 'credit_issued';

-- Enum AdminActionType: label refund_issued is now REFUND_ISSUED
UPDATE admin_audit_logs SET action_type = 'REFUND_ISSUED' WHERE action_type = 'refund_issued';

-- Enum AdminActionType: label force_cancel is now FORCE_CANCEL
UPDATE admin_audit_logs SET action_type = 'FORCE_CANCEL' WHERE action_type = 'force_cancel';

-- Enum AdminActionType: label impersonation_start is now IMPERSONATION_START
UPDATE admin_audit_logs SET action_type = 'IMPERSONATION_START' WHERE action_type = 'impersonation_start';

-- Enum AdminActionType: label impersonation_end is now IMPERSONATION_END
UPDATE admin_audit_logs SET action_type = 'IMPERSONATION_END' WHERE action_type = 'impersonation_end';

-- Enum AdminActionType: label session_revoke is now SESSION_REVOKE
UPDATE admin_audit_logs SET action_type = 'SESSION_REVOKE' WHERE action_type = 'session_revoke';

-- Enum DunningState: label first_attempt_failed is now FIRST_ATTEMPT_FAILED
UPDATE dunning_episodes SET state = 'FIRST_ATTEMPT_FAILED' WHERE state = 'first_attempt_failed';

-- Enum DunningState: label second_attempt_failed is now SECOND_ATTEMPT_FAILED
UPDATE dunning_episodes SET state = 'SECOND_ATTEMPT_FAILED' WHERE state = 'second_attempt_failed';

-- Enum DunningState: label third_attempt_failed is now THIRD_ATTEMPT_FAILED
UPDATE dunning_episodes SET state = 'THIRD_ATTEMPT_FAILED' WHERE state = 'third_attempt_failed';

-- Enum DunningState: label grace_period is now GRACE_PERIOD
UPDATE dunning_episodes SET state = 'GRACE_PERIOD' WHERE state = 'grace_period';

-- Enum DunningState: label canceled is now CANCELED
UPDATE dunning_episodes SET state = 'CANCELED' WHERE state = 'canceled';

-- Enum DunningState: label resolved is now RESOLVED
UPDATE dunning_episodes SET state = 'RESOLVED' WHERE state = 'resolved';

-- Enum DunningResolution: label paid is now PAID
UPDATE dunning_episodes SET resolution = 'PAID' WHERE resolution = 'paid';

-- Enum DunningResolution: label canceled is now CANCELED
UPDATE dunning_episodes SET resolution = 'CANCELED' WHERE resolution = 'canceled';

-- Enum DunningResolution: label manual_override is now MANUAL_OVERRIDE
UPDATE dunning_episodes SET resolution = 'MANUAL_OVERRIDE' WHERE resolution = 'manual_override';

-- Enum ExpectationTargetType: label account is now ACCOUNT
UPDATE analytical_expectations SET procedure_target_type = 'ACCOUNT' WHERE procedure_target_type = 'account';

-- Enum ExpectationTargetType: label balance is now BALANCE
UPDATE analytical_expectations SET procedure_target_type = 'BALANCE' WHERE procedure_target_type = 'balance';

-- Enum ExpectationTargetType: label ratio is now RATIO
UPDATE analytical_expectations SET procedure_target_type = 'RATIO' WHERE procedure_target_type = 'ratio';

-- Enum ExpectationTargetType: label flux_line is now FLUX_LINE
UPDATE analytical_expectations SET procedure_target_type = 'FLUX_LINE' WHERE procedure_target_type = 'flux_line';

-- Enum ExpectationResultStatus: label not_evaluated is now NOT_EVALUATED
UPDATE analytical_expectations SET result_status = 'NOT_EVALUATED' WHERE result_status = 'not_evaluated';

-- Enum ExpectationResultStatus: label within_threshold is now WITHIN_THRESHOLD
UPDATE analytical_expectations SET result_status = 'WITHIN_THRESHOLD' WHERE result_status = 'within_threshold';

-- Enum ExpectationResultStatus: label exceeds_threshold is now EXCEEDS_THRESHOLD
UPDATE analytical_expectations SET result_status = 'EXCEEDS_THRESHOLD' WHERE result_status = 'exceeds_threshold';

-- Enum MisstatementSourceType: label adjusting_entry_passed is now ADJUSTING_ENTRY_PASSED
UPDATE uncorrected_misstatements SET source_type = 'ADJUSTING_ENTRY_PASSED' WHERE source_type = 'adjusting_entry_passed';

-- Enum MisstatementSourceType: label sample_projection is now SAMPLE_PROJECTION
UPDATE uncorrected_misstatements SET source_type = 'SAMPLE_PROJECTION' WHERE source_type = 'sample_projection';

-- Enum MisstatementSourceType: label known_error is now KNOWN_ERROR
UPDATE uncorrected_misstatements SET source_type = 'KNOWN_ERROR' WHERE source_type = 'known_error';

-- Enum MisstatementClassification: label factual is now FACTUAL
UPDATE uncorrected_misstatements SET classification = 'FACTUAL' WHERE classification = 'factual';

-- Enum MisstatementClassification: label judgmental is now JUDGMENTAL
UPDATE uncorrected_misstatements SET classification = 'JUDGMENTAL' WHERE classification = 'judgmental';

-- Enum MisstatementClassification: label projected is now PROJECTED
UPDATE uncorrected_misstatements SET classification = 'PROJECTED' WHERE classification = 'projected';

-- Enum MisstatementDisposition: label not_yet_reviewed is now NOT_YET_REVIEWED
UPDATE uncorrected_misstatements SET cpa_disposition = 'NOT_YET_REVIEWED' WHERE cpa_disposition = 'not_yet_reviewed';

-- Enum MisstatementDisposition: label auditor_proposes_correction is now AUDITOR_PROPOSES_CORRECTION
UPDATE uncorrected_misstatements SET cpa_disposition = 'AUDITOR_PROPOSES_CORRECTION' WHERE cpa_disposition = 'auditor_proposes_correction';

-- Enum MisstatementDisposition: label auditor_accepts_as_immaterial is now AUDITOR_ACCEPTS_AS_IMMATERIAL
UPDATE uncorrected_misstatements SET cpa_disposition = 'AUDITOR_ACCEPTS_AS_IMMATERIAL' WHERE cpa_disposition = 'auditor_accepts_as_immaterial';

-- Drop index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_client_user_period;

-- Create table tool_activities
CREATE TABLE tool_activities (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	tool_name VARCHAR(50) NOT NULL, 
	filename_display VARCHAR(255), 
	record_count INTEGER, 
	summary_json TEXT, 
	engagement_id INTEGER, 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
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
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_password_reset_tokens_id ON password_reset_tokens (id);

CREATE UNIQUE INDEX ix_password_reset_tokens_token_hash ON password_reset_tokens (token_hash);

CREATE INDEX ix_password_reset_tokens_user_id ON password_reset_tokens (user_id);

-- Create table waitlist_signups
CREATE TABLE waitlist_signups (
	id INTEGER NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_waitlist_signups_email ON waitlist_signups (email);

CREATE INDEX ix_waitlist_signups_id ON waitlist_signups (id);

-- Create table processed_webhook_events
CREATE TABLE processed_webhook_events (
	stripe_event_id VARCHAR(255) NOT NULL, 
	processed_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (stripe_event_id)
);

-- Rebuild table subscriptions (column status (length on SQLite); column seat_count (default); column additional_seats (default); column uploads_used_current_period (default); column seat_version (default); column cancel_at_period_end (default); column created_at (NOT NULL); column updated_at (NOT NULL))
-- pschema:rebuild subscriptions
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_subscriptions (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	tier VARCHAR(12) NOT NULL, 
	status VARCHAR(18) NOT NULL, 
	billing_interval VARCHAR(7), 
	stripe_customer_id VARCHAR(255), 
	stripe_subscription_id VARCHAR(255), 
	current_period_start DATETIME, 
	current_period_end DATETIME, 
	seat_count INTEGER NOT NULL, 
	additional_seats INTEGER NOT NULL, 
	uploads_used_current_period INTEGER NOT NULL, 
	seat_version INTEGER NOT NULL, 
	cancel_at_period_end BOOLEAN NOT NULL, 
	dpa_accepted_at DATETIME, 
	dpa_version VARCHAR(20), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_subscriptions (id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, seat_count, additional_seats, uploads_used_current_period, seat_version, cancel_at_period_end, dpa_accepted_at, dpa_version, created_at, updated_at) SELECT id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, seat_count, additional_seats, uploads_used_current_period, seat_version, cancel_at_period_end, dpa_accepted_at, dpa_version, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP) FROM subscriptions;

DROP TABLE subscriptions;

ALTER TABLE _pschema_new_subscriptions RENAME TO subscriptions;

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild subscriptions

-- Rebuild table organizations (column created_at (NOT NULL); column updated_at (NOT NULL); foreign keys change; unique constraints change)
-- pschema:rebuild organizations
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_organizations (
	id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	slug VARCHAR(100) NOT NULL, 
	owner_user_id INTEGER NOT NULL, 
	subscription_id INTEGER, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(owner_user_id) REFERENCES users (id), 
	CONSTRAINT fk_organizations_subscription_id FOREIGN KEY(subscription_id) REFERENCES subscriptions (id)
);

INSERT INTO _pschema_new_organizations (id, name, slug, owner_user_id, subscription_id, created_at, updated_at) SELECT id, name, slug, owner_user_id, subscription_id, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP) FROM organizations;

DROP TABLE organizations;

ALTER TABLE _pschema_new_organizations RENAME TO organizations;

CREATE INDEX ix_organizations_owner_user_id ON organizations (owner_user_id);

CREATE UNIQUE INDEX ix_organizations_slug ON organizations (slug);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild organizations

-- Rebuild table users (column is_active (NOT NULL); column is_verified (NOT NULL); column created_at (NOT NULL); column updated_at (NOT NULL); column failed_login_attempts (default); column is_superadmin (default); column settings (NOT NULL))
-- pschema:rebuild users
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_users (
	id INTEGER NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	hashed_password VARCHAR(255) NOT NULL, 
	name VARCHAR(100), 
	is_active BOOLEAN NOT NULL, 
	is_verified BOOLEAN NOT NULL, 
	tier VARCHAR(12) NOT NULL, 
	organization_id INTEGER, 
	email_verification_sent_at DATETIME, 
	email_verified_at DATETIME, 
	pending_email VARCHAR(255), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	last_login DATETIME, 
	password_changed_at DATETIME, 
	failed_login_attempts INTEGER NOT NULL, 
	locked_until DATETIME, 
	is_superadmin BOOLEAN NOT NULL, 
	settings VARCHAR(2000) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_users_organization_id FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

INSERT INTO _pschema_new_users (id, email, hashed_password, name, is_active, is_verified, tier, organization_id, email_verification_sent_at, email_verified_at, pending_email, created_at, updated_at, last_login, password_changed_at, failed_login_attempts, locked_until, is_superadmin, settings) SELECT id, email, hashed_password, name, coalesce(is_active, 1), coalesce(is_verified, 0), tier, organization_id, email_verification_sent_at, email_verified_at, pending_email, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP), last_login, password_changed_at, failed_login_attempts, locked_until, is_superadmin, coalesce(settings, '{}') FROM users;

DROP TABLE users;

ALTER TABLE _pschema_new_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

CREATE INDEX ix_users_organization_id ON users (organization_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild users

-- Rebuild table activity_logs (column timestamp (NOT NULL); column anomaly_count (NOT NULL, default); column material_count (NOT NULL, default); column immaterial_count (NOT NULL, default); column is_consolidated (NOT NULL, default); foreign keys change)
-- pschema:rebuild activity_logs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_activity_logs (
	id INTEGER NOT NULL, 
	user_id INTEGER, 
	filename_hash VARCHAR(64) NOT NULL, 
	filename_display VARCHAR(20), 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	record_count INTEGER NOT NULL, 
	total_debits NUMERIC(19, 2) NOT NULL, 
	total_credits NUMERIC(19, 2) NOT NULL, 
	materiality_threshold NUMERIC(19, 2) NOT NULL, 
	was_balanced BOOLEAN NOT NULL, 
	anomaly_count INTEGER DEFAULT '0' NOT NULL, 
	material_count INTEGER DEFAULT '0' NOT NULL, 
	immaterial_count INTEGER DEFAULT '0' NOT NULL, 
	is_consolidated BOOLEAN DEFAULT '0' NOT NULL, 
	sheet_count INTEGER, 
	chain_hash VARCHAR(128), 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_activity_logs (id, user_id, filename_hash, filename_display, timestamp, record_count, total_debits, total_credits, materiality_threshold, was_balanced, anomaly_count, material_count, immaterial_count, is_consolidated, sheet_count, chain_hash, archived_at, archived_by, archive_reason) SELECT id, user_id, filename_hash, filename_display, coalesce(timestamp, CURRENT_TIMESTAMP), record_count, total_debits, total_credits, materiality_threshold, was_balanced, coalesce(anomaly_count, '0'), coalesce(material_count, '0'), coalesce(immaterial_count, '0'), coalesce(is_consolidated, '0'), sheet_count, chain_hash, archived_at, archived_by, archive_reason FROM activity_logs;

DROP TABLE activity_logs;

ALTER TABLE _pschema_new_activity_logs RENAME TO activity_logs;

CREATE INDEX ix_activity_logs_archived_at ON activity_logs (archived_at);

CREATE INDEX ix_activity_logs_chain_hash ON activity_logs (chain_hash);

CREATE INDEX ix_activity_logs_id ON activity_logs (id);

CREATE INDEX ix_activity_logs_timestamp ON activity_logs (timestamp);

CREATE INDEX ix_activity_logs_user_id ON activity_logs (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild activity_logs

-- Rebuild table clients (column reporting_framework (default); column entity_type (default); column jurisdiction_country (default); column created_at (NOT NULL); column updated_at (NOT NULL); column settings (NOT NULL))
-- pschema:rebuild clients
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_clients (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	industry VARCHAR(21) NOT NULL, 
	fiscal_year_end VARCHAR(5) NOT NULL, 
	reporting_framework VARCHAR(4) NOT NULL, 
	entity_type VARCHAR(12) NOT NULL, 
	jurisdiction_country VARCHAR(2) NOT NULL, 
	jurisdiction_state VARCHAR(50), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	settings VARCHAR(2000) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_clients (id, user_id, name, industry, fiscal_year_end, reporting_framework, entity_type, jurisdiction_country, jurisdiction_state, created_at, updated_at, settings) SELECT id, user_id, name, industry, fiscal_year_end, reporting_framework, entity_type, jurisdiction_country, jurisdiction_state, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP), coalesce(settings, '{}') FROM clients;

DROP TABLE clients;

ALTER TABLE _pschema_new_clients RENAME TO clients;

CREATE INDEX ix_clients_id ON clients (id);

CREATE INDEX ix_clients_user_id ON clients (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild clients

-- Rebuild table engagements (new column completed_by is part of a key or constraint; column created_at (NOT NULL); column updated_at (NOT NULL); enum EngagementStatus labels changed; foreign keys change)
-- pschema:rebuild engagements
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_engagements (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	period_start DATETIME NOT NULL, 
	period_end DATETIME NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	materiality_basis VARCHAR(7), 
	materiality_percentage FLOAT, 
	materiality_amount NUMERIC(19, 2), 
	performance_materiality_factor FLOAT NOT NULL, 
	trivial_threshold_factor FLOAT NOT NULL, 
	completed_at DATETIME, 
	completed_by INTEGER, 
	intercompany_counterparties TEXT, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE RESTRICT, 
	FOREIGN KEY(completed_by) REFERENCES users (id), 
	FOREIGN KEY(created_by) REFERENCES users (id)
);

INSERT INTO _pschema_new_engagements (id, client_id, period_start, period_end, status, materiality_basis, materiality_percentage, materiality_amount, performance_materiality_factor, trivial_threshold_factor, intercompany_counterparties, created_by, created_at, updated_at) SELECT id, client_id, period_start, period_end, status, materiality_basis, materiality_percentage, materiality_amount, performance_materiality_factor, trivial_threshold_factor, intercompany_counterparties, created_by, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP) FROM engagements;

DROP TABLE engagements;

ALTER TABLE _pschema_new_engagements RENAME TO engagements;

CREATE INDEX ix_engagements_client_id ON engagements (client_id);

CREATE INDEX ix_engagements_id ON engagements (id);

CREATE INDEX ix_engagements_status ON engagements (status);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild engagements

-- Rebuild table diagnostic_summaries (column timestamp (NOT NULL); column total_assets (NOT NULL); column current_assets (NOT NULL); column inventory (NOT NULL); column total_liabilities (NOT NULL); column current_liabilities (NOT NULL); column total_equity (NOT NULL); column total_revenue (NOT NULL); column cost_of_goods_sold (NOT NULL); column total_expenses (NOT NULL); column operating_expenses (NOT NULL); column total_debits (NOT NULL); column total_credits (NOT NULL); column was_balanced (NOT NULL); column anomaly_count (NOT NULL); column materiality_threshold (NOT NULL); column row_count (NOT NULL); foreign keys change)
-- pschema:rebuild diagnostic_summaries
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_diagnostic_summaries (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	period_date DATE, 
	period_type VARCHAR(9), 
	period_label VARCHAR(50), 
	filename_hash VARCHAR(64), 
	filename_display VARCHAR(20), 
	total_assets NUMERIC(19, 2) NOT NULL, 
	current_assets NUMERIC(19, 2) NOT NULL, 
	inventory NUMERIC(19, 2) NOT NULL, 
	total_liabilities NUMERIC(19, 2) NOT NULL, 
	current_liabilities NUMERIC(19, 2) NOT NULL, 
	total_equity NUMERIC(19, 2) NOT NULL, 
	total_revenue NUMERIC(19, 2) NOT NULL, 
	cost_of_goods_sold NUMERIC(19, 2) NOT NULL, 
	total_expenses NUMERIC(19, 2) NOT NULL, 
	operating_expenses NUMERIC(19, 2) NOT NULL, 
	current_ratio FLOAT, 
	quick_ratio FLOAT, 
	debt_to_equity FLOAT, 
	gross_margin FLOAT, 
	net_profit_margin FLOAT, 
	operating_margin FLOAT, 
	return_on_assets FLOAT, 
	return_on_equity FLOAT, 
	dso FLOAT, 
	dpo FLOAT, 
	dio FLOAT, 
	ccc FLOAT, 
	total_debits NUMERIC(19, 2) NOT NULL, 
	total_credits NUMERIC(19, 2) NOT NULL, 
	was_balanced BOOLEAN NOT NULL, 
	anomaly_count INTEGER NOT NULL, 
	materiality_threshold NUMERIC(19, 2) NOT NULL, 
	row_count INTEGER NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_diagnostic_summaries (id, client_id, user_id, timestamp, period_date, period_type, period_label, filename_hash, filename_display, total_assets, current_assets, inventory, total_liabilities, current_liabilities, total_equity, total_revenue, cost_of_goods_sold, total_expenses, operating_expenses, current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, total_debits, total_credits, was_balanced, anomaly_count, materiality_threshold, row_count, archived_at, archived_by, archive_reason) SELECT id, client_id, user_id, coalesce(timestamp, CURRENT_TIMESTAMP), period_date, period_type, period_label, filename_hash, filename_display, coalesce(total_assets, 0), coalesce(current_assets, 0), coalesce(inventory, 0), coalesce(total_liabilities, 0), coalesce(current_liabilities, 0), coalesce(total_equity, 0), coalesce(total_revenue, 0), coalesce(cost_of_goods_sold, 0), coalesce(total_expenses, 0), coalesce(operating_expenses, 0), current_ratio, quick_ratio, debt_to_equity, gross_margin, net_profit_margin, operating_margin, return_on_assets, return_on_equity, coalesce(total_debits, 0), coalesce(total_credits, 0), coalesce(was_balanced, 1), coalesce(anomaly_count, 0), coalesce(materiality_threshold, 0), coalesce(row_count, 0), archived_at, archived_by, archive_reason FROM diagnostic_summaries;

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

-- Rebuild table email_verification_tokens (column created_at (NOT NULL))
-- pschema:rebuild email_verification_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_email_verification_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_email_verification_tokens (id, user_id, token_hash, expires_at, created_at, used_at) SELECT id, user_id, token_hash, expires_at, coalesce(created_at, CURRENT_TIMESTAMP), used_at FROM email_verification_tokens;

DROP TABLE email_verification_tokens;

ALTER TABLE _pschema_new_email_verification_tokens RENAME TO email_verification_tokens;

CREATE INDEX ix_email_verification_tokens_id ON email_verification_tokens (id);

CREATE UNIQUE INDEX ix_email_verification_tokens_token_hash ON email_verification_tokens (token_hash);

CREATE INDEX ix_email_verification_tokens_user_id ON email_verification_tokens (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild email_verification_tokens

-- Rebuild table refresh_tokens (column created_at (NOT NULL))
-- pschema:rebuild refresh_tokens
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_refresh_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	revoked_at DATETIME, 
	replaced_by_hash VARCHAR(64), 
	last_used_at DATETIME, 
	user_agent VARCHAR(512), 
	ip_address VARCHAR(45), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_refresh_tokens (id, user_id, token_hash, expires_at, created_at, revoked_at, replaced_by_hash, last_used_at, user_agent, ip_address) SELECT id, user_id, token_hash, expires_at, coalesce(created_at, CURRENT_TIMESTAMP), revoked_at, replaced_by_hash, last_used_at, user_agent, ip_address FROM refresh_tokens;

DROP TABLE refresh_tokens;

ALTER TABLE _pschema_new_refresh_tokens RENAME TO refresh_tokens;

CREATE INDEX ix_refresh_tokens_id ON refresh_tokens (id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild refresh_tokens

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
	flagged_accounts TEXT, 
	run_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_tool_runs (id, engagement_id, tool_name, run_number, status, composite_score, flagged_accounts, run_at, archived_at, archived_by, archive_reason) SELECT id, engagement_id, tool_name, run_number, status, composite_score, flagged_accounts, run_at, archived_at, archived_by, archive_reason FROM tool_runs;

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

-- Rebuild table follow_up_items (column created_at (NOT NULL); column updated_at (NOT NULL); foreign keys change)
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
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(assigned_to) REFERENCES users (id) ON DELETE SET NULL, 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE, 
	FOREIGN KEY(tool_run_id) REFERENCES tool_runs (id) ON DELETE SET NULL
);

INSERT INTO _pschema_new_follow_up_items (id, engagement_id, tool_run_id, description, tool_source, severity, disposition, auditor_notes, assigned_to, created_at, updated_at, archived_at, archived_by, archive_reason) SELECT id, engagement_id, tool_run_id, description, tool_source, severity, disposition, auditor_notes, assigned_to, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP), archived_at, archived_by, archive_reason FROM follow_up_items;

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

-- Rebuild table follow_up_item_comments (column created_at (NOT NULL); column updated_at (NOT NULL); foreign keys change)
-- pschema:rebuild follow_up_item_comments
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_follow_up_item_comments (
	id INTEGER NOT NULL, 
	follow_up_item_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	comment_text TEXT NOT NULL, 
	parent_comment_id INTEGER, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	FOREIGN KEY(archived_by) REFERENCES users (id), 
	FOREIGN KEY(follow_up_item_id) REFERENCES follow_up_items (id) ON DELETE CASCADE, 
	FOREIGN KEY(parent_comment_id) REFERENCES follow_up_item_comments (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_follow_up_item_comments (id, follow_up_item_id, user_id, comment_text, parent_comment_id, created_at, updated_at, archived_at, archived_by, archive_reason) SELECT id, follow_up_item_id, user_id, comment_text, parent_comment_id, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP), archived_at, archived_by, archive_reason FROM follow_up_item_comments;

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

-- Rebuild table organization_members (column role (default, length on SQLite); column joined_at (NOT NULL))
-- pschema:rebuild organization_members
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_organization_members (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	role VARCHAR(6) NOT NULL, 
	joined_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	invited_by_user_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_organization_members (id, organization_id, user_id, role, joined_at, invited_by_user_id) SELECT id, organization_id, user_id, role, coalesce(joined_at, CURRENT_TIMESTAMP), invited_by_user_id FROM organization_members;

DROP TABLE organization_members;

ALTER TABLE _pschema_new_organization_members RENAME TO organization_members;

CREATE INDEX ix_organization_members_organization_id ON organization_members (organization_id);

CREATE UNIQUE INDEX ix_organization_members_user_id ON organization_members (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild organization_members

-- Rebuild table organization_invites (column role (default, length on SQLite); column status (default, length on SQLite); column created_at (NOT NULL))
-- pschema:rebuild organization_invites
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_organization_invites (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	invite_token_hash VARCHAR(64) NOT NULL, 
	invitee_email VARCHAR(255) NOT NULL, 
	role VARCHAR(6) NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	expires_at DATETIME NOT NULL, 
	accepted_at DATETIME, 
	accepted_by_user_id INTEGER, 
	invited_by_user_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(accepted_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_organization_invites (id, organization_id, invite_token_hash, invitee_email, role, status, created_at, expires_at, accepted_at, accepted_by_user_id, invited_by_user_id) SELECT id, organization_id, invite_token_hash, invitee_email, role, status, coalesce(created_at, CURRENT_TIMESTAMP), expires_at, accepted_at, accepted_by_user_id, invited_by_user_id FROM organization_invites;

DROP TABLE organization_invites;

ALTER TABLE _pschema_new_organization_invites RENAME TO organization_invites;

CREATE UNIQUE INDEX ix_organization_invites_invite_token_hash ON organization_invites (invite_token_hash);

CREATE INDEX ix_organization_invites_invitee_email ON organization_invites (invitee_email);

CREATE INDEX ix_organization_invites_organization_id ON organization_invites (organization_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild organization_invites

-- Rebuild table export_shares (column passcode_failed_attempts (default); column single_use (default); column created_at (NOT NULL); column access_count (default))
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
	object_key VARCHAR(128), 
	passcode_hash VARCHAR(255), 
	passcode_failed_attempts INTEGER NOT NULL, 
	passcode_locked_until DATETIME, 
	single_use BOOLEAN NOT NULL, 
	shared_by_name VARCHAR(255), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	expires_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	access_count INTEGER NOT NULL, 
	last_accessed_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_export_shares (id, user_id, organization_id, share_token_hash, tool_name, export_format, export_data, object_key, passcode_hash, passcode_failed_attempts, passcode_locked_until, single_use, shared_by_name, created_at, expires_at, revoked_at, access_count, last_accessed_at) SELECT id, user_id, organization_id, share_token_hash, tool_name, export_format, export_data, object_key, passcode_hash, passcode_failed_attempts, passcode_locked_until, single_use, shared_by_name, coalesce(created_at, CURRENT_TIMESTAMP), expires_at, revoked_at, access_count, last_accessed_at FROM export_shares;

DROP TABLE export_shares;

ALTER TABLE _pschema_new_export_shares RENAME TO export_shares;

CREATE INDEX ix_export_shares_organization_id ON export_shares (organization_id);

CREATE UNIQUE INDEX ix_export_shares_share_token_hash ON export_shares (share_token_hash);

CREATE INDEX ix_export_shares_user_id ON export_shares (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild export_shares

-- Rebuild table team_activity_logs (column created_at (NOT NULL))
-- pschema:rebuild team_activity_logs
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_team_activity_logs (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	action_type VARCHAR(6) NOT NULL, 
	tool_name VARCHAR(100), 
	file_identifier_hash VARCHAR(64), 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _pschema_new_team_activity_logs (id, organization_id, user_id, action_type, tool_name, file_identifier_hash, created_at) SELECT id, organization_id, user_id, action_type, tool_name, file_identifier_hash, coalesce(created_at, CURRENT_TIMESTAMP) FROM team_activity_logs;

DROP TABLE team_activity_logs;

ALTER TABLE _pschema_new_team_activity_logs RENAME TO team_activity_logs;

CREATE INDEX ix_team_activity_logs_organization_id ON team_activity_logs (organization_id);

CREATE INDEX ix_team_activity_logs_user_id ON team_activity_logs (user_id);

CREATE INDEX ix_team_activity_org_created ON team_activity_logs (organization_id, created_at);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild team_activity_logs

-- Rebuild table firm_branding (column created_at (NOT NULL); column updated_at (NOT NULL))
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
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

INSERT INTO _pschema_new_firm_branding (id, organization_id, logo_s3_key, logo_content_type, logo_size_bytes, header_text, footer_text, created_at, updated_at) SELECT id, organization_id, logo_s3_key, logo_content_type, logo_size_bytes, header_text, footer_text, coalesce(created_at, CURRENT_TIMESTAMP), coalesce(updated_at, CURRENT_TIMESTAMP) FROM firm_branding;

DROP TABLE firm_branding;

ALTER TABLE _pschema_new_firm_branding RENAME TO firm_branding;

CREATE UNIQUE INDEX ix_firm_branding_organization_id ON firm_branding (organization_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild firm_branding

-- Rebuild table scheduler_locks (column locked_at (NOT NULL))
-- pschema:rebuild scheduler_locks
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_scheduler_locks (
	job_name VARCHAR(100) NOT NULL, 
	locked_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	locked_by VARCHAR(100) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (job_name)
);

INSERT INTO _pschema_new_scheduler_locks (job_name, locked_at, locked_by, expires_at) SELECT job_name, coalesce(locked_at, CURRENT_TIMESTAMP), locked_by, expires_at FROM scheduler_locks;

DROP TABLE scheduler_locks;

ALTER TABLE _pschema_new_scheduler_locks RENAME TO scheduler_locks;

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild scheduler_locks

-- Rebuild table upload_dedup (column created_at (NOT NULL))
-- pschema:rebuild upload_dedup
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_upload_dedup (
	dedup_key VARCHAR(255) NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (dedup_key)
);

INSERT INTO _pschema_new_upload_dedup (dedup_key, created_at, expires_at) SELECT dedup_key, coalesce(created_at, CURRENT_TIMESTAMP), expires_at FROM upload_dedup;

DROP TABLE upload_dedup;

ALTER TABLE _pschema_new_upload_dedup RENAME TO upload_dedup;

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild upload_dedup

-- Rebuild table analytical_expectations (column corroboration_tags_json (default); column result_status (default); column archive_reason (type Text -> String(255)); foreign keys change)
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
	corroboration_tags_json TEXT NOT NULL, 
	cpa_notes TEXT, 
	result_actual_value NUMERIC(19, 2), 
	result_variance_amount NUMERIC(19, 2), 
	result_status VARCHAR(17) NOT NULL, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_by INTEGER, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	FOREIGN KEY(archived_by) REFERENCES users (id), 
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

-- Rebuild table uncorrected_misstatements (column accounts_affected_json (default); column fs_impact_net_income (default); column fs_impact_net_assets (default); column cpa_disposition (default); column archive_reason (type Text -> String(255)); foreign keys change)
-- pschema:rebuild uncorrected_misstatements
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_uncorrected_misstatements (
	id INTEGER NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	source_type VARCHAR(22) NOT NULL, 
	source_reference TEXT NOT NULL, 
	description TEXT NOT NULL, 
	accounts_affected_json TEXT NOT NULL, 
	classification VARCHAR(10) NOT NULL, 
	fs_impact_net_income NUMERIC(19, 2) NOT NULL, 
	fs_impact_net_assets NUMERIC(19, 2) NOT NULL, 
	cpa_disposition VARCHAR(29) NOT NULL, 
	cpa_notes TEXT, 
	created_by INTEGER NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	updated_by INTEGER, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	archived_at DATETIME, 
	archived_by INTEGER, 
	archive_reason VARCHAR(255), 
	PRIMARY KEY (id), 
	FOREIGN KEY(archived_by) REFERENCES users (id), 
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
