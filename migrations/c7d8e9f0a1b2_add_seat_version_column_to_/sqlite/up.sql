-- c7d8e9f0a1b2: Add seat_version column to subscriptions table.
-- upgrade on SQLite; parents: b6c7d8e9f0a1

-- Add column subscriptions.seat_version
ALTER TABLE subscriptions ADD COLUMN seat_version INTEGER DEFAULT 0 NOT NULL;
