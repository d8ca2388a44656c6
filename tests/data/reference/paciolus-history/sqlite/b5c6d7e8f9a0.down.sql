ALTER TABLE engagements DROP COLUMN intercompany_counterparties;

UPDATE alembic_version SET version_num='a3b4c5d6e7f8' WHERE alembic_version.version_num = 'b5c6d7e8f9a0';

