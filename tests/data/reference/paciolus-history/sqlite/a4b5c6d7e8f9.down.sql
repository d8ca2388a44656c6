ALTER TABLE subscriptions DROP COLUMN dpa_version;

ALTER TABLE subscriptions DROP COLUMN dpa_accepted_at;

UPDATE alembic_version SET version_num='ecda5f408617' WHERE alembic_version.version_num = 'a4b5c6d7e8f9';

