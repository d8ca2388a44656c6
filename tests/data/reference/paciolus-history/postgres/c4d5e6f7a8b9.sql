ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'starter';

ALTER TYPE usertier ADD VALUE IF NOT EXISTS 'team';

UPDATE alembic_version SET version_num='c4d5e6f7a8b9' WHERE alembic_version.version_num = 'b2c3d4e5f6a7';

