-- f8a3d1c09b72: add flux_analysis to ToolName enum
-- downgrade on PostgreSQL; parents: ea6c8f7cc976

-- Enum ToolName: labels removed or reordered; swap the type
ALTER TYPE toolname RENAME TO toolname_old;

CREATE TYPE toolname AS ENUM ('TRIAL_BALANCE', 'MULTI_PERIOD', 'JOURNAL_ENTRY_TESTING', 'AP_TESTING', 'BANK_RECONCILIATION', 'PAYROLL_TESTING', 'THREE_WAY_MATCH', 'REVENUE_TESTING', 'AR_AGING', 'FIXED_ASSET_TESTING', 'INVENTORY_TESTING');

ALTER TABLE tool_runs ALTER COLUMN tool_name TYPE toolname USING tool_name::text::toolname;

DROP TYPE toolname_old;
