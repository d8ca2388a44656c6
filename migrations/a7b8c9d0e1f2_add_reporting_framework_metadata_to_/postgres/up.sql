-- a7b8c9d0e1f2: Add reporting framework metadata to clients table.
-- upgrade on PostgreSQL; parents: d5e6f7a8b9c0

-- Create enum ReportingFramework
CREATE TYPE reportingframework AS ENUM ('auto', 'fasb', 'gasb');

-- Create enum EntityType
CREATE TYPE entitytype AS ENUM ('for_profit', 'nonprofit', 'governmental', 'other');

-- Alter table clients
ALTER TABLE clients ADD COLUMN reporting_framework reportingframework DEFAULT 'auto' NOT NULL;

ALTER TABLE clients ADD COLUMN entity_type entitytype DEFAULT 'other' NOT NULL;

ALTER TABLE clients ADD COLUMN jurisdiction_country VARCHAR(2) DEFAULT 'US' NOT NULL;

ALTER TABLE clients ADD COLUMN jurisdiction_state VARCHAR(50);
