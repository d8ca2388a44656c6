-- b7d2f1e4a903: add flagged_accounts to tool_runs
-- downgrade on SQLite; parents: a3c5e9f28d01

-- Drop column tool_runs.flagged_accounts
ALTER TABLE tool_runs DROP COLUMN flagged_accounts;
