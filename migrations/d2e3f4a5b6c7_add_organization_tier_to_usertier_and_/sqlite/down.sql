-- d2e3f4a5b6c7: Add organization tier to UserTier and subscription_tier enums.
-- downgrade on SQLite; parents: c1d2e3f4a5b6

-- Enum SubscriptionTier: label organization is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE tier = 'organization'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label organization is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'organization'));

DROP TABLE _pschema_guard;
