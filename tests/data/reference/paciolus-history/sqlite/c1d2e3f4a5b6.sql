UPDATE users SET tier = 'team' WHERE tier = 'enterprise';

UPDATE subscriptions SET tier = 'team' WHERE tier = 'enterprise';

DELETE FROM alembic_version WHERE alembic_version.version_num = 'a4b5c6d7e8f9';

UPDATE alembic_version SET version_num='c1d2e3f4a5b6' WHERE alembic_version.version_num = 'b1c2d3e4f5a6';

