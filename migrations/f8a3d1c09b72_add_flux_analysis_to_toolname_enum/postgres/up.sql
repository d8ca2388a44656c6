-- f8a3d1c09b72: add flux_analysis to ToolName enum
-- upgrade on PostgreSQL; parents: ea6c8f7cc976

-- Enum ToolName: add label flux_analysis
-- pschema:no-transaction
ALTER TYPE toolname ADD VALUE IF NOT EXISTS 'flux_analysis' AFTER 'INVENTORY_TESTING';
