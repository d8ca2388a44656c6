-- f0a1b2c3d4e5: Extend SubscriptionStatus and BillingEventType enums.
-- downgrade on SQLite; parents: e9f0a1b2c3d4

-- Rebuild table subscriptions (column status (length on SQLite))
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

-- pschema:end-rebuild subscriptions

-- Enum BillingEventType: label trial_ending is removed; refuse if billing_events still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM billing_events WHERE event_type = 'trial_ending'));

DROP TABLE _pschema_guard;

-- Enum BillingEventType: label payment_succeeded is removed; refuse if billing_events still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM billing_events WHERE event_type = 'payment_succeeded'));

DROP TABLE _pschema_guard;

-- Enum BillingEventType: label invoice_created is removed; refuse if billing_events still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM billing_events WHERE event_type = 'invoice_created'));

DROP TABLE _pschema_guard;

-- Enum BillingEventType: label dispute_created is removed; refuse if billing_events still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM billing_events WHERE event_type = 'dispute_created'));

DROP TABLE _pschema_guard;

-- Enum BillingEventType: label dispute_resolved_won is removed; refuse if billing_events still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM billing_events WHERE event_type = 'dispute_resolved_won'));

DROP TABLE _pschema_guard;

-- Enum BillingEventType: label dispute_resolved_lost is removed; refuse if billing_events still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM billing_events WHERE event_type = 'dispute_resolved_lost'));

DROP TABLE _pschema_guard;

-- Enum BillingEventType: label dispute_closed_other is removed; refuse if billing_events still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM billing_events WHERE event_type = 'dispute_closed_other'));

DROP TABLE _pschema_guard;

-- Enum SubscriptionStatus: label incomplete is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE status = 'incomplete'));

DROP TABLE _pschema_guard;

-- Enum SubscriptionStatus: label incomplete_expired is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE status = 'incomplete_expired'));

DROP TABLE _pschema_guard;

-- Enum SubscriptionStatus: label unpaid is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE status = 'unpaid'));

DROP TABLE _pschema_guard;

-- Enum SubscriptionStatus: label paused is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE status = 'paused'));

DROP TABLE _pschema_guard;

-- Rebuild table subscriptions (enum SubscriptionStatus labels changed)
-- pschema:rebuild subscriptions
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
