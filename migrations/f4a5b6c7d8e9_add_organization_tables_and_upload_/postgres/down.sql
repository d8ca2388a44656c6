-- f4a5b6c7d8e9: Add organization tables and upload tracking.
-- downgrade on PostgreSQL; parents: e3f4a5b6c7d8

-- Drop index ix_users_organization_id on users
DROP INDEX ix_users_organization_id;

-- Alter table users
ALTER TABLE users DROP CONSTRAINT fk_users_organization_id;

ALTER TABLE users DROP COLUMN organization_id;

-- Alter table subscriptions
ALTER TABLE subscriptions DROP COLUMN uploads_used_current_period;

-- Drop table organization_invites
DROP TABLE organization_invites;

-- Drop table organization_members
DROP TABLE organization_members;

-- Drop table organizations
DROP TABLE organizations;

-- Drop enum InviteStatus
DROP TYPE invitestatus;

-- Drop enum OrgRole
DROP TYPE orgrole;
