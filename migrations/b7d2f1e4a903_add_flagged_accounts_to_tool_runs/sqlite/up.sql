-- b7d2f1e4a903: add flagged_accounts to tool_runs
-- upgrade on SQLite; parents: a3c5e9f28d01

-- Add column tool_runs.flagged_accounts
ALTER TABLE tool_runs ADD COLUMN flagged_accounts TEXT;
