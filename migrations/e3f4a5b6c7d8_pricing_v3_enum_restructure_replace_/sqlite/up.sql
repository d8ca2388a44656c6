-- e3f4a5b6c7d8: Pricing v3 enum restructure — replace team/organization with enterprise.
-- upgrade on SQLite; parents: d2e3f4a5b6c7

-- pschema:data
-- e3f4a5b6c7d8: team and organization users and subscriptions move to solo before the labels go.
-- Alembic's UPDATEs, plus the upper-case names the application stores in users.tier.
UPDATE users SET tier = 'solo' WHERE tier IN ('team', 'organization', 'TEAM', 'ORGANIZATION');
UPDATE subscriptions SET tier = 'solo' WHERE tier IN ('team', 'organization');
-- pschema:end-data

-- Enum UserTier: label team is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'team'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label organization is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'organization'));

DROP TABLE _pschema_guard;

-- Enum SubscriptionTier: label team is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE tier = 'team'));

DROP TABLE _pschema_guard;

-- Enum SubscriptionTier: label organization is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE tier = 'organization'));

DROP TABLE _pschema_guard;
