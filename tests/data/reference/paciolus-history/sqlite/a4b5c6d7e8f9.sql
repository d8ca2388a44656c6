ALTER TABLE subscriptions ADD COLUMN dpa_accepted_at DATETIME;

ALTER TABLE subscriptions ADD COLUMN dpa_version VARCHAR(20);

UPDATE alembic_version SET version_num='a4b5c6d7e8f9' WHERE alembic_version.version_num = 'ecda5f408617';

