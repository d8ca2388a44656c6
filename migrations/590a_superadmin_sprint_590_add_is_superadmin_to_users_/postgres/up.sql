-- 590a_superadmin: Sprint 590: Add is_superadmin to users, create admin_audit_logs table.
-- upgrade on PostgreSQL; parents: 418d00cd85ae

-- Create enum AdminActionType
CREATE TYPE adminactiontype AS ENUM ('plan_override', 'trial_extension', 'credit_issued', 'refund_issued', 'force_cancel', 'impersonation_start', 'impersonation_end', 'session_revoke');

-- Create table admin_audit_logs
CREATE TABLE admin_audit_logs (
	id SERIAL NOT NULL, 
	admin_user_id INTEGER NOT NULL, 
	action_type adminactiontype NOT NULL, 
	target_org_id INTEGER, 
	target_user_id INTEGER, 
	details_json TEXT, 
	ip_address VARCHAR(45), 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(admin_user_id) REFERENCES users (id)
);

CREATE INDEX ix_admin_audit_logs_action_type ON admin_audit_logs (action_type);

CREATE INDEX ix_admin_audit_logs_admin_user_id ON admin_audit_logs (admin_user_id);

CREATE INDEX ix_admin_audit_logs_created_at ON admin_audit_logs (created_at);

CREATE INDEX ix_admin_audit_logs_target_org_id ON admin_audit_logs (target_org_id);

CREATE INDEX ix_admin_audit_logs_target_user_id ON admin_audit_logs (target_user_id);

-- Alter table users
ALTER TABLE users ADD COLUMN is_superadmin BOOLEAN DEFAULT false NOT NULL;
