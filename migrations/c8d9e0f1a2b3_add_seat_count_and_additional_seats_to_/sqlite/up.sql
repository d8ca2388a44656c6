-- c8d9e0f1a2b3: Add seat_count and additional_seats to subscriptions.
-- upgrade on SQLite; parents: a7b8c9d0e1f2

-- Add column subscriptions.seat_count
ALTER TABLE subscriptions ADD COLUMN seat_count INTEGER DEFAULT '1' NOT NULL;

-- Add column subscriptions.additional_seats
ALTER TABLE subscriptions ADD COLUMN additional_seats INTEGER DEFAULT '0' NOT NULL;
