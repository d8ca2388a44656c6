-- d1e2f3a4b5c6: Add passcode_hash and single_use columns to export_shares.
-- upgrade on PostgreSQL; parents: f0a1b2c3d4e5

-- Alter table export_shares
ALTER TABLE export_shares ADD COLUMN passcode_hash VARCHAR(64);

ALTER TABLE export_shares ADD COLUMN single_use BOOLEAN DEFAULT 'false' NOT NULL;
