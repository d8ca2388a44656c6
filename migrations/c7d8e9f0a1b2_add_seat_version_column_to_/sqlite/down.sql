-- c7d8e9f0a1b2: Add seat_version column to subscriptions table.
-- downgrade on SQLite; parents: b6c7d8e9f0a1

-- Drop column subscriptions.seat_version
ALTER TABLE subscriptions DROP COLUMN seat_version;
