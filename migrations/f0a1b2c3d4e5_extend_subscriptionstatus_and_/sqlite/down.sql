-- f0a1b2c3d4e5: Extend SubscriptionStatus and BillingEventType enums.
-- downgrade on SQLite; parents: e9f0a1b2c3d4

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
