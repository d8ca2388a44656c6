-- d1e2f3a4b5c6: Add passcode_hash and single_use columns to export_shares.
-- upgrade on SQLite; parents: f0a1b2c3d4e5

-- Add column export_shares.passcode_hash
ALTER TABLE export_shares ADD COLUMN passcode_hash VARCHAR(64);

-- Add column export_shares.single_use
ALTER TABLE export_shares ADD COLUMN single_use BOOLEAN DEFAULT 'false' NOT NULL;
