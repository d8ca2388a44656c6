UPDATE users SET tier = 'free' WHERE tier = 'organization';

UPDATE alembic_version SET version_num='c2d3e4f5a6b7' WHERE alembic_version.version_num = '418d00cd85ae';

