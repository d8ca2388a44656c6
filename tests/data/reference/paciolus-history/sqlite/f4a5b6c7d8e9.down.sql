CREATE TABLE _alembic_tmp_subscriptions (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	tier VARCHAR(12) NOT NULL, 
	status VARCHAR(8) NOT NULL, 
	billing_interval VARCHAR(7), 
	stripe_customer_id VARCHAR(255), 
	stripe_subscription_id VARCHAR(255), 
	current_period_start DATETIME, 
	current_period_end DATETIME, 
	cancel_at_period_end BOOLEAN DEFAULT '0' NOT NULL, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	seat_count INTEGER DEFAULT '1' NOT NULL, 
	additional_seats INTEGER DEFAULT '0' NOT NULL, 
	dpa_accepted_at DATETIME, 
	dpa_version VARCHAR(20), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _alembic_tmp_subscriptions (id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version) SELECT subscriptions.id, subscriptions.user_id, subscriptions.tier, subscriptions.status, subscriptions.billing_interval, subscriptions.stripe_customer_id, subscriptions.stripe_subscription_id, subscriptions.current_period_start, subscriptions.current_period_end, subscriptions.cancel_at_period_end, subscriptions.created_at, subscriptions.updated_at, subscriptions.seat_count, subscriptions.additional_seats, subscriptions.dpa_accepted_at, subscriptions.dpa_version 
FROM subscriptions;

DROP TABLE subscriptions;

ALTER TABLE _alembic_tmp_subscriptions RENAME TO subscriptions;

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);

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
	PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_users (id, email, hashed_password, name, is_active, is_verified, tier, email_verification_sent_at, email_verified_at, created_at, updated_at, last_login, settings, password_changed_at, pending_email, failed_login_attempts, locked_until) SELECT users.id, users.email, users.hashed_password, users.name, users.is_active, users.is_verified, users.tier, users.email_verification_sent_at, users.email_verified_at, users.created_at, users.updated_at, users.last_login, users.settings, users.password_changed_at, users.pending_email, users.failed_login_attempts, users.locked_until 
FROM users;

DROP TABLE users;

ALTER TABLE _alembic_tmp_users RENAME TO users;

CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE INDEX ix_users_id ON users (id);

DROP TABLE organization_invites;

DROP TABLE organization_members;

DROP TABLE organizations;

UPDATE alembic_version SET version_num='e3f4a5b6c7d8' WHERE alembic_version.version_num = 'f4a5b6c7d8e9';

