-- a4b5c6d7e8f9: add dpa_accepted_at and dpa_version to subscriptions
-- downgrade on SQLite; parents: ecda5f408617

-- Drop column subscriptions.dpa_version
ALTER TABLE subscriptions DROP COLUMN dpa_version;

-- Drop column subscriptions.dpa_accepted_at
ALTER TABLE subscriptions DROP COLUMN dpa_accepted_at;
