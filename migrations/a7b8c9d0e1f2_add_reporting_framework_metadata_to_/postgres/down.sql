-- a7b8c9d0e1f2: Add reporting framework metadata to clients table.
-- downgrade on PostgreSQL; parents: d5e6f7a8b9c0

-- Alter table clients
ALTER TABLE clients DROP COLUMN jurisdiction_state;

ALTER TABLE clients DROP COLUMN jurisdiction_country;

ALTER TABLE clients DROP COLUMN entity_type;

ALTER TABLE clients DROP COLUMN reporting_framework;

-- Drop enum EntityType
DROP TYPE entitytype;

-- Drop enum ReportingFramework
DROP TYPE reportingframework;
