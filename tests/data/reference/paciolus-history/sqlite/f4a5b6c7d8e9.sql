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
	UNIQUE (subscription_id), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id)
);

CREATE INDEX ix_organizations_owner_user_id ON organizations (owner_user_id);

CREATE UNIQUE INDEX ix_organizations_slug ON organizations (slug);

CREATE TABLE organization_members (
	id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	role VARCHAR(20) DEFAULT 'member' NOT NULL, 
	joined_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	invited_by_user_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES users (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id)
);

CREATE INDEX ix_organization_members_organization_id ON organization_members (organization_id);

CREATE UNIQUE INDEX ix_organization_members_user_id ON organization_members (user_id);

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
	FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE, 
	FOREIGN KEY(accepted_by_user_id) REFERENCES users (id), 
	FOREIGN KEY(invited_by_user_id) REFERENCES users (id)
);

CREATE UNIQUE INDEX ix_organization_invites_invite_token_hash ON organization_invites (invite_token_hash);

CREATE INDEX ix_organization_invites_invitee_email ON organization_invites (invitee_email);

CREATE INDEX ix_organization_invites_organization_id ON organization_invites (organization_id);

CREATE TABLE _alembic_tmp_users (
	id INTEGER NOT NULL, 
	email VARCHAR(255) NOT NULL, 
	hashed_password VARCHAR(255) NOT NULL, 
	name VARCHAR(100), 
	is_active BOOLEAN, 
	is_verified BOOLEAN, 
	tier VARCHAR(12) NOT NULL, 
	email_verification_sent_at DATETIME, 
	email_verified_at DATETIME, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
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

INSERT INTO _alembic_tmp_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until) SELECT users.id, users.email, users.hashed_password, users.name, users.is_active, users.is_verified, users.tier, users.email_verification_sent_at, users.email_verified_at, users.created_at, users.updated_at, users.last_login, users.settings, users.password_changed_at, users.pending_email, users.failed_login_attempts, users.locked_until 
FROM users;

DROP TABLE users;

ALTER TABLE _alembic_tmp_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

CREATE INDEX ix_users_organization_id ON users (organization_id);

ALTER TABLE subscriptions ADD COLUMN uploads_used_current_period INTEGER DEFAULT '0' NOT NULL;

UPDATE alembic_version SET version_num='f4a5b6c7d8e9' WHERE alembic_version.version_num = 'e3f4a5b6c7d8';

