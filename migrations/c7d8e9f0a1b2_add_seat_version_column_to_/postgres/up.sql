-- c7d8e9f0a1b2: Add seat_version column to subscriptions table.
-- upgrade on PostgreSQL; parents: b6c7d8e9f0a1

-- Alter table subscriptions
ALTER TABLE subscriptions ADD COLUMN seat_version INTEGER DEFAULT 0 NOT NULL;
