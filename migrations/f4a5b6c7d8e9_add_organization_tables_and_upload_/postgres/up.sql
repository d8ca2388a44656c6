-- f4a5b6c7d8e9: Add organization tables and upload tracking.
-- upgrade on PostgreSQL; parents: e3f4a5b6c7d8

-- Create enum OrgRole
CREATE TYPE orgrole AS ENUM ('owner', 'admin', 'member');

-- Create enum InviteStatus
CREATE TYPE invitestatus AS ENUM ('pending', 'accepted', 'expired', 'revoked');

-- Create table organizations
CREATE TABLE organizations (
	id SERIAL NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	slug VARCHAR(100) NOT NULL, 
	owner_user_id INTEGER NOT NULL, 
	subscription_id INTEGER, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	PRIMARY KEY (id), 
	FOREIGN KEY(owner_user_id) REFERENCES users (id), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id), 
	UNIQUE (subscription_id)
);

CREATE INDEX ix_organizations_owner_user_id ON organizations (owner_user_id);

CREATE UNIQUE INDEX ix_organizations_slug ON organizations (slug);

-- Create table organization_members
CREATE TABLE organization_members (
	id SERIAL NOT NULL, 
	organization_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	role orgrole DEFAULT 'member' NOT NULL, 
	joined_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	invited_by_user_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_organization_members_organization_id ON organization_members (organization_id);

CREATE UNIQUE INDEX ix_organization_members_user_id ON organization_members (user_id);

-- Create table organization_invites
CREATE TABLE organization_invites (
	id SERIAL NOT NULL, 
	organization_id INTEGER NOT NULL, 
	invite_token_hash VARCHAR(64) NOT NULL, 
	invitee_email VARCHAR(255) NOT NULL, 
	role orgrole DEFAULT 'member' NOT NULL, 
	status invitestatus DEFAULT 'pending' NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	accepted_at TIMESTAMP WITHOUT TIME ZONE, 
	accepted_by_user_id INTEGER, 
	invited_by_user_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(accepted_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_organization_invites_invite_token_hash ON organization_invites (invite_token_hash);

CREATE INDEX ix_organization_invites_invitee_email ON organization_invites (invitee_email);

CREATE INDEX ix_organization_invites_organization_id ON organization_invites (organization_id);

-- Alter table subscriptions
ALTER TABLE subscriptions ADD COLUMN uploads_used_current_period INTEGER DEFAULT '0' NOT NULL;

-- Alter table users
ALTER TABLE users ADD COLUMN organization_id INTEGER;

ALTER TABLE users ADD CONSTRAINT fk_users_organization_id FOREIGN KEY(organization_id) REFERENCES organizations (id);

-- Create index ix_users_organization_id on users
CREATE INDEX ix_users_organization_id ON users (organization_id);
