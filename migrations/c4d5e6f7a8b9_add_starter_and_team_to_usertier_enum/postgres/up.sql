-- c4d5e6f7a8b9: add starter and team to UserTier enum
-- upgrade on PostgreSQL; parents: b2c3d4e5f6a7

-- Enum UserTier: add label starter
-- pschema:no-transaction
ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'starter' AFTER 'ENTERPRISE';

-- Enum UserTier: add label team
-- pschema:no-transaction
ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'team' AFTER 'starter';
