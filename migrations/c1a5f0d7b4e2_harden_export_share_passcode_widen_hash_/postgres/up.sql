-- c1a5f0d7b4e2: Harden export-share passcode: widen hash column, add brute-force columns.
-- upgrade on PostgreSQL; parents: f7b3c91a04e2

-- Alter table export_shares
ALTER TABLE export_shares ALTER COLUMN passcode_hash TYPE VARCHAR(255) USING passcode_hash::VARCHAR(255);

ALTER TABLE export_shares ADD COLUMN passcode_failed_attempts INTEGER DEFAULT '0' NOT NULL;

ALTER TABLE export_shares ADD COLUMN passcode_locked_until TIMESTAMP WITHOUT TIME ZONE;
