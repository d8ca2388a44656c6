-- f7b3c91a04e2: Normalize user.email to lowercase + stripped form.
-- upgrade on SQLite; parents: a848ac91d39a

-- pschema:data
-- f7b3c91a04e2: refuse when two users' emails are one once lower-cased and trimmed
-- (Alembic raises "Email normalization aborted: case-colliding user rows detected");
-- SQLite cannot raise in plain SQL, so a CHECK on a scratch table fails the migration,
-- its message naming the column below.
CREATE TEMP TABLE _pschema_guard (email_normalization_aborted_case_colliding_user_rows INTEGER
    CHECK (email_normalization_aborted_case_colliding_user_rows = 0));
INSERT INTO _pschema_guard SELECT count(*) FROM (
    SELECT 1 FROM users WHERE email IS NOT NULL GROUP BY lower(trim(email)) HAVING count(*) > 1
);
DROP TABLE _pschema_guard;
-- Then lower-case and trim email and pending_email (Alembic's UPDATEs).
UPDATE users SET email = lower(trim(email))
WHERE email IS NOT NULL AND email <> lower(trim(email));
UPDATE users SET pending_email = lower(trim(pending_email))
WHERE pending_email IS NOT NULL AND pending_email <> lower(trim(pending_email));
-- pschema:end-data
