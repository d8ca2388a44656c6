-- b5c6d7e8f9a0: add intercompany_counterparties to engagements
-- upgrade on PostgreSQL; parents: a3b4c5d6e7f8

-- Alter table engagements
ALTER TABLE engagements ADD COLUMN intercompany_counterparties TEXT;
