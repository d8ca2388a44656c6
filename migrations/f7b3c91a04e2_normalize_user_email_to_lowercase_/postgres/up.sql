-- f7b3c91a04e2: Normalize user.email to lowercase + stripped form.
-- upgrade on PostgreSQL; parents: a848ac91d39a

-- pschema:data
-- f7b3c91a04e2: refuse when two users' emails are one once lower-cased and trimmed,
-- with Alembic's message; then lower-case and trim email and pending_email.
DO $$
DECLARE collisions text;
BEGIN
    SELECT string_agg(format('%L=%s', normalized, n), ', ') INTO collisions
    FROM (
        SELECT lower(trim(email)) AS normalized, count(*) AS n
        FROM users WHERE email IS NOT NULL
        GROUP BY lower(trim(email)) HAVING count(*) > 1
    ) AS colliding;
    IF collisions IS NOT NULL THEN
        RAISE EXCEPTION 'Email normalization aborted: case-colliding user rows detected (%). Resolve duplicates manually before re-running this migration.', collisions;
    END IF;
END $$;
UPDATE users SET email = lower(trim(email))
WHERE email IS NOT NULL AND email <> lower(trim(email));
UPDATE users SET pending_email = lower(trim(pending_email))
WHERE pending_email IS NOT NULL AND pending_email <> lower(trim(pending_email));
-- pschema:end-data
