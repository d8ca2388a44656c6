-- c4d5e6f7a8b9: add starter and team to UserTier enum
-- downgrade on SQLite; parents: b2c3d4e5f6a7

-- Enum UserTier: label starter is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'starter'));

DROP TABLE _pschema_guard;

-- Enum UserTier: label team is removed; refuse if users still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM users WHERE tier = 'team'));

DROP TABLE _pschema_guard;
