-- a7b8c9d0e1f2: Add reporting framework metadata to clients table.
-- upgrade on SQLite; parents: d5e6f7a8b9c0

-- Add column clients.reporting_framework
ALTER TABLE clients ADD COLUMN reporting_framework VARCHAR(4) DEFAULT 'auto' NOT NULL;

-- Add column clients.entity_type
ALTER TABLE clients ADD COLUMN entity_type VARCHAR(12) DEFAULT 'other' NOT NULL;

-- Add column clients.jurisdiction_country
ALTER TABLE clients ADD COLUMN jurisdiction_country VARCHAR(2) DEFAULT 'US' NOT NULL;

-- Add column clients.jurisdiction_state
ALTER TABLE clients ADD COLUMN jurisdiction_state VARCHAR(50);
