UPDATE users SET tier = 'solo' WHERE tier IN ('team', 'organization');

UPDATE subscriptions SET tier = 'solo' WHERE tier IN ('team', 'organization');

UPDATE alembic_version SET version_num='e3f4a5b6c7d8' WHERE alembic_version.version_num = 'd2e3f4a5b6c7';

