-- c1d2e3f4a5b6: Remove enterprise tier — migrate enterprise users to team.
-- upgrade on SQLite; parents: a4b5c6d7e8f9, b1c2d3e4f5a6

-- Alembic's data step, first: enterprise users and subscriptions become team.
-- users.tier also matches 'ENTERPRISE', the label the type has and the name
-- models.UserTier stores (Alembic's 'enterprise' matches only rows written by
-- SQL; the removal guard below refuses while a row holds 'ENTERPRISE').
-- pschema:data
UPDATE users SET tier = 'team' WHERE tier IN ('enterprise', 'ENTERPRISE');

UPDATE subscriptions SET tier = 'team' WHERE tier = 'enterprise';
-- pschema:end-data

-- Enum UserTier: label ENTERPRISE is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'ENTERPRISE'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label starter is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'starter'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label FREE is now free
UPDATE users SET tier = 'free' WHERE tier = 'FREE';

-- Enum UserTier: label PROFESSIONAL is now professional
UPDATE users SET tier = 'professional' WHERE tier = 'PROFESSIONAL';

-- Enum SubscriptionTier: label starter is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE tier = 'starter'));

DROP TABLE _pschema_guard;

-- Enum SubscriptionTier: label enterprise is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE tier = 'enterprise'));

DROP TABLE _pschema_guard;
