ALTER TABLE subscriptions ADD COLUMN seat_count INTEGER DEFAULT '1' NOT NULL;

ALTER TABLE subscriptions ADD COLUMN additional_seats INTEGER DEFAULT '0' NOT NULL;

UPDATE alembic_version SET version_num='c8d9e0f1a2b3' WHERE alembic_version.version_num = 'a7b8c9d0e1f2';

