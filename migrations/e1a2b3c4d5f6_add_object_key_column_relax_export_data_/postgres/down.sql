-- e1a2b3c4d5f6: Add object_key column + relax export_data to nullable on export_shares.
-- downgrade on PostgreSQL; parents: c1a5f0d7b4e2

-- Alter table export_shares
ALTER TABLE export_shares DROP COLUMN object_key;

ALTER TABLE export_shares ALTER COLUMN export_data SET NOT NULL;
