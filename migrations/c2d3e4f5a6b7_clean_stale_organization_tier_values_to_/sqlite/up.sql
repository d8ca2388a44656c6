-- c2d3e4f5a6b7: Clean stale ORGANIZATION tier values to FREE.
-- upgrade on SQLite; parents: 418d00cd85ae

-- pschema:data
-- c2d3e4f5a6b7: users left on the removed tier 'organization' go to free (Alembic's UPDATE).
UPDATE users SET tier = 'free' WHERE tier = 'organization';
-- pschema:end-data
