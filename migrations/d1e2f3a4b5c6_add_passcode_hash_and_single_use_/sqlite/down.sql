-- d1e2f3a4b5c6: Add passcode_hash and single_use columns to export_shares.
-- downgrade on SQLite; parents: f0a1b2c3d4e5

-- Drop column export_shares.single_use
ALTER TABLE export_shares DROP COLUMN single_use;

-- Drop column export_shares.passcode_hash
ALTER TABLE export_shares DROP COLUMN passcode_hash;
