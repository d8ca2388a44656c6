-- e3f4a5b6c7d8: Pricing v3 enum restructure — replace team/organization with enterprise.
-- downgrade on SQLite; parents: d2e3f4a5b6c7

-- pschema:data
-- e3f4a5b6c7d8 downgrade: enterprise rows move to solo before the label goes (Alembic's PostgreSQL
-- downgrade; its SQLite downgrade does nothing, but here the label's removal is checked).
UPDATE users SET tier = 'solo' WHERE tier = 'enterprise';
UPDATE subscriptions SET tier = 'solo' WHERE tier = 'enterprise';
-- pschema:end-data

-- Enum SubscriptionTier: label enterprise is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE tier = 'enterprise'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label enterprise is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'enterprise'));

DROP TABLE _pschema_guard;
