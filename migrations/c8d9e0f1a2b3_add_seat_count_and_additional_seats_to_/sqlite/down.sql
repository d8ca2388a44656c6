-- c8d9e0f1a2b3: Add seat_count and additional_seats to subscriptions.
-- downgrade on SQLite; parents: a7b8c9d0e1f2

-- Drop column subscriptions.additional_seats
ALTER TABLE subscriptions DROP COLUMN additional_seats;

-- Drop column subscriptions.seat_count
ALTER TABLE subscriptions DROP COLUMN seat_count;
