-- 590a_superadmin: Sprint 590: Add is_superadmin to users, create admin_audit_logs table.
-- downgrade on SQLite; parents: 418d00cd85ae

-- Drop column users.is_superadmin
ALTER TABLE users DROP COLUMN is_superadmin;

-- Drop table admin_audit_logs
DROP TABLE admin_audit_logs;
