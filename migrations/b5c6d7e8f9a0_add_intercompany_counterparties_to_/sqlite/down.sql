-- b5c6d7e8f9a0: add intercompany_counterparties to engagements
-- downgrade on SQLite; parents: a3b4c5d6e7f8

-- Drop column engagements.intercompany_counterparties
ALTER TABLE engagements DROP COLUMN intercompany_counterparties;
