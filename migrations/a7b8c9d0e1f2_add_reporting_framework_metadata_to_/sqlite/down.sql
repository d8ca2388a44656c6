-- a7b8c9d0e1f2: Add reporting framework metadata to clients table.
-- downgrade on SQLite; parents: d5e6f7a8b9c0

-- Drop column clients.jurisdiction_state
ALTER TABLE clients DROP COLUMN jurisdiction_state;

-- Drop column clients.jurisdiction_country
ALTER TABLE clients DROP COLUMN jurisdiction_country;

-- Drop column clients.entity_type
ALTER TABLE clients DROP COLUMN entity_type;

-- Drop column clients.reporting_framework
ALTER TABLE clients DROP COLUMN reporting_framework;
