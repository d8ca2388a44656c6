-- b7d2f1e4a903: add flagged_accounts to tool_runs
-- upgrade on PostgreSQL; parents: a3c5e9f28d01

-- Alter table tool_runs
ALTER TABLE tool_runs ADD COLUMN flagged_accounts TEXT;
