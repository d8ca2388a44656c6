-- c7d8e9f0a1b2: Add seat_version column to subscriptions table.
-- downgrade on PostgreSQL; parents: b6c7d8e9f0a1

-- Alter table subscriptions
ALTER TABLE subscriptions DROP COLUMN seat_version;
