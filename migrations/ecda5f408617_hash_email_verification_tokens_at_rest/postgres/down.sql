-- ecda5f408617: Hash email verification tokens at rest
-- downgrade on PostgreSQL; parents: b590bb0555c3

-- The tokens are hashes, which cannot become plaintext tokens again: they go,
-- so that token can be NOT NULL again (Alembic's downgrade fails on the first
-- row here: its token NOT NULL has no value to take).
-- pschema:data
DELETE FROM email_verification_tokens;
-- pschema:end-data

-- Drop index ix_email_verification_tokens_token_hash on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token_hash;

-- Alter table email_verification_tokens
ALTER TABLE email_verification_tokens DROP COLUMN token_hash;

ALTER TABLE email_verification_tokens ADD COLUMN token VARCHAR(64) NOT NULL;

-- Alter table users
ALTER TABLE users ADD COLUMN email_verification_token VARCHAR(64);

-- Create index ix_email_verification_tokens_token on email_verification_tokens
CREATE UNIQUE INDEX ix_email_verification_tokens_token ON email_verification_tokens (token);

-- Create index ix_users_email_verification_token on users
CREATE INDEX ix_users_email_verification_token ON users (email_verification_token);
