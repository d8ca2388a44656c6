-- d9e0f1a2b3c4: Rename starter tier to solo.
-- downgrade on SQLite; parents: c8d9e0f1a2b3

-- Alembic's downgrade: solo users and subscriptions go back to starter, before
-- the label is removed (which pschema refuses while a row holds it).
-- pschema:data
UPDATE users SET tier = 'starter' WHERE tier = 'solo';

UPDATE subscriptions SET tier = 'starter' WHERE tier = 'solo';
-- pschema:end-data

-- Enum SubscriptionTier: label solo is removed; refuse if subscriptions still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM subscriptions WHERE tier = 'solo'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label solo is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'solo'));

DROP TABLE _pschema_guard;
