-- 590a_superadmin: Sprint 590: Add is_superadmin to users, create admin_audit_logs table.
-- downgrade on PostgreSQL; parents: 418d00cd85ae

-- Alter table users
ALTER TABLE users DROP COLUMN is_superadmin;

-- Drop table admin_audit_logs
DROP TABLE admin_audit_logs;

-- Drop enum AdminActionType
DROP TYPE adminactiontype;
