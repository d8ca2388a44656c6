-- c2d3e4f5a6b7: Clean stale ORGANIZATION tier values to FREE.
-- upgrade on PostgreSQL; parents: 418d00cd85ae

-- Nothing to do on PostgreSQL. Alembic's UPDATE users SET tier = 'free' WHERE tier =
-- 'organization' fails here (invalid input value for enum usertier: "organization"):
-- e3f4a5b6c7d8 removed the label, so no row can hold it.
