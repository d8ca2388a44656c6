-- c2d3e4f5a6b7: Clean stale ORGANIZATION tier values to FREE.
-- downgrade on PostgreSQL; parents: 418d00cd85ae

-- Nothing to do: the cleanup cannot be undone (Alembic's downgrade is a no-op too).
