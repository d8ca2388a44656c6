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
	uploads_used_current_period INTEGER DEFAULT '0' NOT NULL, 
	seat_version INTEGER DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

INSERT INTO _alembic_tmp_subscriptions (id, user_id, tier, status, billing_interval, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at, seat_count, additional_seats, dpa_accepted_at, dpa_version, uploads_used_current_period) SELECT subscriptions.id, subscriptions.user_id, subscriptions.tier, subscriptions.status, subscriptions.billing_interval, subscriptions.stripe_customer_id, subscriptions.stripe_subscription_id, subscriptions.current_period_start, subscriptions.current_period_end, subscriptions.cancel_at_period_end, subscriptions.created_at, subscriptions.updated_at, subscriptions.seat_count, subscriptions.additional_seats, subscriptions.dpa_accepted_at, subscriptions.dpa_version, subscriptions.uploads_used_current_period 
FROM subscriptions;

DROP TABLE subscriptions;

ALTER TABLE _alembic_tmp_subscriptions RENAME TO subscriptions;

CREATE INDEX ix_subscriptions_id ON subscriptions (id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);

CREATE UNIQUE INDEX ix_subscriptions_stripe_subscription_id ON subscriptions (stripe_subscription_id);

CREATE UNIQUE INDEX ix_subscriptions_user_id ON subscriptions (user_id);

UPDATE alembic_version SET version_num='c7d8e9f0a1b2' WHERE alembic_version.version_num = 'b6c7d8e9f0a1';

