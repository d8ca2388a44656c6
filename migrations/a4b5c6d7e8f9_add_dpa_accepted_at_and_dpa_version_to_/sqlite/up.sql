-- a4b5c6d7e8f9: add dpa_accepted_at and dpa_version to subscriptions
-- upgrade on SQLite; parents: ecda5f408617

-- Add column subscriptions.dpa_accepted_at
ALTER TABLE subscriptions ADD COLUMN dpa_accepted_at DATETIME;

-- Add column subscriptions.dpa_version
ALTER TABLE subscriptions ADD COLUMN dpa_version VARCHAR(20);
