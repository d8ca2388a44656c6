-- f7b3c91a04e2: Normalize user.email to lowercase + stripped form.
-- downgrade on PostgreSQL; parents: a848ac91d39a

-- Nothing to do: case-folding is lossy (Alembic's downgrade is a no-op too).
