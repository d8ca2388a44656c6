-- b590bb0555c3: Add billing_events table for post-launch analytics.
-- downgrade on SQLite; parents: d9e0f1a2b3c4

-- Drop table billing_events
DROP TABLE billing_events;
