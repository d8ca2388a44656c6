-- f0a1b2c3d4e5: Extend SubscriptionStatus and BillingEventType enums.
-- upgrade on SQLite; parents: e9f0a1b2c3d4

-- Rebuild table subscriptions (enum SubscriptionStatus labels changed)
-- pschema:rebuild subscriptions
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_subscriptions (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	tier VARCHAR(12) NOT NULL, 
	status VARCHAR(18) NOT NULL, 
	billing_interval VARCHAR(7), 
	stripe_customer_id VARCHAR(255), 
	stripe_subscription_id VARCHAR(255), 
	current_period_start DATETIME, 
	current_period_end DATETIME, 
	cancel_at_period_end BOOLEAN DEFAULT '0' NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	seat_count INTEGER DEFAULT '1' NOT NULL, 
	additional_seats INTEGER DEFAULT '0' NOT NULL, 
	dpa_accepted_at DATETIME, 
	dpa_version VARCHAR(20), 
	uploads_used_current_period INTEGER DEFAULT '0' NOT NULL, 
	seat_version INTEGER DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_subscriptions (id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version, uploads_used_current_period, seat_version) SELECT id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version, uploads_used_current_period, seat_version FROM subscriptions;

DROP TABLE subscriptions;

ALTER TABLE _pschema_new_subscriptions RENAME TO subscriptions;

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);

PRAGMA legacy_alter_table = OFF;

-- Rebuild table subscriptions (column status (length on SQLite))
PRAGMA legacy_alter_table = ON;

CREATE TABLE _pschema_new_subscriptions (
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
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	updated_at DATETIME DEFAULT CURRENT_TIMESTAMP, 
	seat_count INTEGER DEFAULT '1' NOT NULL, 
	additional_seats INTEGER DEFAULT '0' NOT NULL, 
	dpa_accepted_at DATETIME, 
	dpa_version VARCHAR(20), 
	uploads_used_current_period INTEGER DEFAULT '0' NOT NULL, 
	seat_version INTEGER DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _pschema_new_subscriptions (id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version, uploads_used_current_period, seat_version) SELECT id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version, uploads_used_current_period, seat_version FROM subscriptions;

DROP TABLE subscriptions;

ALTER TABLE _pschema_new_subscriptions RENAME TO subscriptions;

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);

PRAGMA legacy_alter_table = OFF;

-- pschema:end-rebuild subscriptions
