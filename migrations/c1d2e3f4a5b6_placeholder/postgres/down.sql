-- c1d2e3f4a5b6: PLACEHOLDER
-- downgrade on PostgreSQL; parents: e2f21cb79a61

-- Drop index ix_follow_up_item_comments_archived_at on follow_up_item_comments
DROP INDEX ix_follow_up_item_comments_archived_at;

-- Drop index ix_follow_up_items_archived_at on follow_up_items
DROP INDEX ix_follow_up_items_archived_at;

-- Drop index ix_tool_runs_archived_at on tool_runs
DROP INDEX ix_tool_runs_archived_at;

-- Drop index ix_diagnostic_summaries_client_user_period on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_client_user_period;

-- Drop index ix_diagnostic_summaries_archived_at on diagnostic_summaries
DROP INDEX ix_diagnostic_summaries_archived_at;

-- Drop index ix_email_verification_tokens_token_hash on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token_hash;

-- Drop index ix_activity_logs_chain_hash on activity_logs
DROP INDEX ix_activity_logs_chain_hash;

-- Drop index ix_activity_logs_archived_at on activity_logs
DROP INDEX ix_activity_logs_archived_at;

-- Alter table follow_up_item_comments
ALTER TABLE follow_up_item_comments DROP CONSTRAINT fk_follow_up_item_comments_archived_by_users;

ALTER TABLE follow_up_item_comments DROP COLUMN archive_reason;

ALTER TABLE follow_up_item_comments DROP COLUMN archived_by;

ALTER TABLE follow_up_item_comments DROP COLUMN archived_at;

ALTER TABLE follow_up_item_comments ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE follow_up_item_comments ALTER COLUMN created_at DROP DEFAULT;

-- Alter table follow_up_items
ALTER TABLE follow_up_items DROP CONSTRAINT fk_follow_up_items_archived_by_users;

ALTER TABLE follow_up_items DROP COLUMN archive_reason;

ALTER TABLE follow_up_items DROP COLUMN archived_by;

ALTER TABLE follow_up_items DROP COLUMN archived_at;

ALTER TABLE follow_up_items ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE follow_up_items ALTER COLUMN created_at DROP DEFAULT;

-- Alter table tool_runs
ALTER TABLE tool_runs DROP CONSTRAINT fk_tool_runs_archived_by_users;

ALTER TABLE tool_runs DROP COLUMN archive_reason;

ALTER TABLE tool_runs DROP COLUMN archived_by;

ALTER TABLE tool_runs DROP COLUMN archived_at;

ALTER TABLE tool_runs DROP COLUMN flagged_accounts;

ALTER TABLE tool_runs ALTER COLUMN run_at DROP DEFAULT;

-- Alter table engagements
ALTER TABLE engagements ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE engagements ALTER COLUMN created_at DROP DEFAULT;

ALTER TABLE engagements ALTER COLUMN materiality_amount TYPE FLOAT USING materiality_amount::FLOAT;

-- Alter table diagnostic_summaries
ALTER TABLE diagnostic_summaries DROP CONSTRAINT fk_diagnostic_summaries_archived_by_users;

ALTER TABLE diagnostic_summaries DROP COLUMN archive_reason;

ALTER TABLE diagnostic_summaries DROP COLUMN archived_by;

ALTER TABLE diagnostic_summaries DROP COLUMN archived_at;

ALTER TABLE diagnostic_summaries ALTER COLUMN materiality_threshold TYPE FLOAT USING materiality_threshold::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_credits TYPE FLOAT USING total_credits::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_debits TYPE FLOAT USING total_debits::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN operating_expenses TYPE FLOAT USING operating_expenses::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_expenses TYPE FLOAT USING total_expenses::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN cost_of_goods_sold TYPE FLOAT USING cost_of_goods_sold::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_revenue TYPE FLOAT USING total_revenue::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_equity TYPE FLOAT USING total_equity::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_liabilities TYPE FLOAT USING current_liabilities::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_liabilities TYPE FLOAT USING total_liabilities::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN inventory TYPE FLOAT USING inventory::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN current_assets TYPE FLOAT USING current_assets::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN total_assets TYPE FLOAT USING total_assets::FLOAT;

ALTER TABLE diagnostic_summaries ALTER COLUMN timestamp DROP DEFAULT;

-- Alter table email_verification_tokens
ALTER TABLE email_verification_tokens DROP COLUMN token_hash;

ALTER TABLE email_verification_tokens ALTER COLUMN created_at DROP DEFAULT;

ALTER TABLE email_verification_tokens ADD COLUMN token VARCHAR(64) NOT NULL;

-- Alter table clients
ALTER TABLE clients DROP COLUMN jurisdiction_state;

ALTER TABLE clients DROP COLUMN jurisdiction_country;

ALTER TABLE clients DROP COLUMN entity_type;

ALTER TABLE clients DROP COLUMN reporting_framework;

ALTER TABLE clients ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE clients ALTER COLUMN created_at DROP DEFAULT;

-- Alter table activity_logs
ALTER TABLE activity_logs DROP CONSTRAINT fk_activity_logs_archived_by_users;

ALTER TABLE activity_logs DROP COLUMN archive_reason;

ALTER TABLE activity_logs DROP COLUMN archived_by;

ALTER TABLE activity_logs DROP COLUMN archived_at;

ALTER TABLE activity_logs DROP COLUMN chain_hash;

ALTER TABLE activity_logs ALTER COLUMN materiality_threshold TYPE FLOAT USING materiality_threshold::FLOAT;

ALTER TABLE activity_logs ALTER COLUMN total_credits TYPE FLOAT USING total_credits::FLOAT;

ALTER TABLE activity_logs ALTER COLUMN total_debits TYPE FLOAT USING total_debits::FLOAT;

ALTER TABLE activity_logs ALTER COLUMN timestamp DROP DEFAULT;

-- Alter table users
ALTER TABLE users DROP COLUMN locked_until;

ALTER TABLE users DROP COLUMN failed_login_attempts;

ALTER TABLE users DROP COLUMN pending_email;

ALTER TABLE users DROP COLUMN password_changed_at;

ALTER TABLE users ALTER COLUMN updated_at DROP DEFAULT;

ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT;

ALTER TABLE users ADD COLUMN email_verification_token VARCHAR(64);

-- Drop table billing_events
DROP TABLE billing_events;

-- Drop table subscriptions
DROP TABLE subscriptions;

-- Drop table tool_sessions
DROP TABLE tool_sessions;

-- Drop table refresh_tokens
DROP TABLE refresh_tokens;

-- Create index ix_email_verification_tokens_token on email_verification_tokens
CREATE UNIQUE INDEX ix_email_verification_tokens_token ON email_verification_tokens (token);

-- Create index ix_users_email_verification_token on users
CREATE INDEX ix_users_email_verification_token ON users (email_verification_token);

-- Enum ToolName: labels removed or reordered; swap the type
ALTER TYPE toolname RENAME TO toolname_old;

CREATE TYPE toolname AS ENUM ('TRIAL_BALANCE', 'MULTI_PERIOD', 'JOURNAL_ENTRY_TESTING', 'AP_TESTING', 'BANK_RECONCILIATION', 'PAYROLL_TESTING', 'THREE_WAY_MATCH', 'REVENUE_TESTING', 'AR_AGING', 'FIXED_ASSET_TESTING', 'INVENTORY_TESTING');

ALTER TABLE tool_runs ALTER COLUMN tool_name TYPE toolname USING tool_name::text::toolname;

DROP TYPE toolname_old;

-- Drop enum BillingEventType
DROP TYPE billingeventtype;

-- Drop enum EntityType
DROP TYPE entitytype;

-- Drop enum ReportingFramework
DROP TYPE reportingframework;

-- Drop enum BillingInterval
DROP TYPE billinginterval;

-- Drop enum SubscriptionStatus
DROP TYPE subscriptionstatus;

-- Drop enum SubscriptionTier
DROP TYPE subscription_tier;

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('FREE', 'PROFESSIONAL', 'ENTERPRISE');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;
