-- f4a5b6c7d8e9: Add organization tables and upload tracking.
-- downgrade on SQLite; parents: e3f4a5b6c7d8

-- Drop index ix_users_organization_id on users
DROP INDEX ix_users_organization_id;

-- Rebuild table users (dropped column organization_id is part of a key or constraint; foreign keys change)
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
	PRIMARY KEY (id)
);

INSERT INTO _pschema_new_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until) SELECT id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until FROM users;

DROP TABLE users;

ALTER TABLE _pschema_new_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild users

-- Drop column subscriptions.uploads_used_current_period
ALTER TABLE subscriptions DROP COLUMN uploads_used_current_period;

-- Drop table organization_invites
DROP TABLE organization_invites;

-- Drop table organization_members
DROP TABLE organization_members;

-- Drop table organizations
DROP TABLE organizations;
