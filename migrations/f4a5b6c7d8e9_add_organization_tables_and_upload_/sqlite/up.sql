-- f4a5b6c7d8e9: Add organization tables and upload tracking.
-- upgrade on SQLite; parents: e3f4a5b6c7d8

-- Create table organizations
CREATE TABLE organizations (
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

CREATE INDEX ix_organizations_owner_user_id ON organizations (owner_user_id);

CREATE UNIQUE INDEX ix_organizations_slug ON organizations (slug);

-- Create table organization_members
CREATE TABLE organization_members (
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

CREATE INDEX ix_organization_members_organization_id ON organization_members (organization_id);

CREATE UNIQUE INDEX ix_organization_members_user_id ON organization_members (user_id);

-- Create table organization_invites
CREATE TABLE organization_invites (
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

CREATE UNIQUE INDEX ix_organization_invites_invite_token_hash ON organization_invites (invite_token_hash);

CREATE INDEX ix_organization_invites_invitee_email ON organization_invites (invitee_email);

CREATE INDEX ix_organization_invites_organization_id ON organization_invites (organization_id);

-- Add column subscriptions.uploads_used_current_period
ALTER TABLE subscriptions ADD COLUMN uploads_used_current_period INTEGER DEFAULT '0' NOT NULL;

-- Rebuild table users (new column organization_id is part of a key or constraint; foreign keys change)
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
	PRIMARY KEY (id), 
	CONSTRAINT fk_users_organization_id FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

INSERT INTO _pschema_new_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until) SELECT id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until FROM users;

DROP TABLE users;

ALTER TABLE _pschema_new_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild users

-- Create index ix_users_organization_id on users
CREATE INDEX ix_users_organization_id ON users (organization_id);
