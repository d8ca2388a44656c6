-- c4d5e6f7a8b9: add starter and team to UserTier enum
-- downgrade on PostgreSQL; parents: b2c3d4e5f6a7

-- Enum UserTier: labels removed or reordered; swap the type
ALTER TYPE usertier RENAME TO usertier_old;

CREATE TYPE usertier AS ENUM ('FREE', 'PROFESSIONAL', 'ENTERPRISE');

ALTER TABLE users ALTER COLUMN tier TYPE usertier USING tier::text::usertier;

DROP TYPE usertier_old;
