-- ecda5f408617: Hash email verification tokens at rest
-- upgrade on PostgreSQL; parents: b590bb0555c3

-- Alembic's data step, first: every plaintext token is thrown away (a hash
-- cannot be made from what is stored; users ask for a new verification mail).
-- pschema:data
DELETE FROM email_verification_tokens;
-- pschema:end-data

-- Drop index ix_users_email_verification_token on users
DROP INDEX ix_users_email_verification_token;

-- Drop index ix_email_verification_tokens_token on email_verification_tokens
DROP INDEX ix_email_verification_tokens_token;

-- Alter table users
ALTER TABLE users DROP COLUMN email_verification_token;

-- Alter table email_verification_tokens
ALTER TABLE email_verification_tokens DROP COLUMN token;

ALTER TABLE email_verification_tokens ADD COLUMN token_hash VARCHAR(64) DEFAULT '' NOT NULL;

ALTER TABLE email_verification_tokens ALTER COLUMN token_hash DROP DEFAULT;

-- Create index ix_email_verification_tokens_token_hash on email_verification_tokens
CREATE UNIQUE INDEX ix_email_verification_tokens_token_hash ON email_verification_tokens (token_hash);
