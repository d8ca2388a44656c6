ALTER TABLE subscriptions DROP COLUMN additional_seats;

ALTER TABLE subscriptions DROP COLUMN seat_count;

UPDATE alembic_version SET version_num='a7b8c9d0e1f2' WHERE alembic_version.version_num = 'c8d9e0f1a2b3';

