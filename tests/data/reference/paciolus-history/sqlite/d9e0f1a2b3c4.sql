UPDATE users SET tier = 'solo' WHERE tier = 'starter';

UPDATE subscriptions SET tier = 'solo' WHERE tier = 'starter';

UPDATE alembic_version SET version_num='d9e0f1a2b3c4' WHERE alembic_version.version_num = 'c8d9e0f1a2b3';

