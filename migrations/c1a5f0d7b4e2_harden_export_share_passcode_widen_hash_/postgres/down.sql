-- c1a5f0d7b4e2: Harden export-share passcode: widen hash column, add brute-force columns.
-- downgrade on PostgreSQL; parents: f7b3c91a04e2

-- Alter table export_shares
ALTER TABLE export_shares DROP COLUMN passcode_locked_until;

ALTER TABLE export_shares DROP COLUMN passcode_failed_attempts;

ALTER TABLE export_shares ALTER COLUMN passcode_hash TYPE VARCHAR(64) USING passcode_hash::VARCHAR(64);
