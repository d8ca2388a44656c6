-- d5e6f7a8b9c0: add subscriptions table
-- downgrade on SQLite; parents: c4d5e6f7a8b9

-- Drop table subscriptions
DROP TABLE subscriptions;
