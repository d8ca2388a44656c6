-- a4b5c6d7e8f9: add dpa_accepted_at and dpa_version to subscriptions
-- downgrade on PostgreSQL; parents: ecda5f408617

-- Alter table subscriptions
ALTER TABLE subscriptions DROP COLUMN dpa_version;

ALTER TABLE subscriptions DROP COLUMN dpa_accepted_at;
