-- d1e2f3a4b5c6: Add passcode_hash and single_use columns to export_shares.
-- downgrade on PostgreSQL; parents: f0a1b2c3d4e5

-- Alter table export_shares
ALTER TABLE export_shares DROP COLUMN single_use;

ALTER TABLE export_shares DROP COLUMN passcode_hash;
