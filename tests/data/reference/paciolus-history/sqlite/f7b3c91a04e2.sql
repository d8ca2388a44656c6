SELECT LOWER(TRIM(email)) AS normalized, COUNT(*) AS n
            FROM users
            WHERE email IS NOT NULL
            GROUP BY LOWER(TRIM(email))
            HAVING COUNT(*) > 1;

UPDATE users
            SET email = LOWER(TRIM(email))
            WHERE email IS NOT NULL
              AND email <> LOWER(TRIM(email));

UPDATE users
            SET pending_email = LOWER(TRIM(pending_email))
            WHERE pending_email IS NOT NULL
              AND pending_email <> LOWER(TRIM(pending_email));

UPDATE alembic_version SET version_num='f7b3c91a04e2' WHERE alembic_version.version_num = 'a848ac91d39a';

