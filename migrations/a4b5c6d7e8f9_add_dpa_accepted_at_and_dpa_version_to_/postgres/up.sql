-- a4b5c6d7e8f9: add dpa_accepted_at and dpa_version to subscriptions
-- upgrade on PostgreSQL; parents: ecda5f408617

-- Alter table subscriptions
ALTER TABLE subscriptions ADD COLUMN dpa_accepted_at TIMESTAMP WITHOUT TIME ZONE;

ALTER TABLE subscriptions ADD COLUMN dpa_version VARCHAR(20);
