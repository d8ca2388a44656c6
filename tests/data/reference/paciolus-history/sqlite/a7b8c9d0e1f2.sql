ALTER TABLE clients ADD COLUMN reporting_framework VARCHAR(4) DEFAULT 'auto' NOT NULL;

ALTER TABLE clients ADD COLUMN entity_type VARCHAR(12) DEFAULT 'other' NOT NULL;

ALTER TABLE clients ADD COLUMN jurisdiction_country VARCHAR(2) DEFAULT 'US' NOT NULL;

ALTER TABLE clients ADD COLUMN jurisdiction_state VARCHAR(50);

UPDATE alembic_version SET version_num='a7b8c9d0e1f2' WHERE alembic_version.version_num = 'd5e6f7a8b9c0';

