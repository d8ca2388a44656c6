UPDATE users SET tier = 'starter' WHERE tier = 'solo';

UPDATE subscriptions SET tier = 'starter' WHERE tier = 'solo';

UPDATE alembic_version SET version_num='c8d9e0f1a2b3' WHERE alembic_version.version_num = 'd9e0f1a2b3c4';

