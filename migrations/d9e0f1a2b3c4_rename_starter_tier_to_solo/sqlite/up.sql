-- d9e0f1a2b3c4: Rename starter tier to solo.
-- upgrade on SQLite; parents: c8d9e0f1a2b3

-- Nothing to do. Write hand-made SQL (a data migration) here.

-- Alembic's data step: starter users and subscriptions become solo. users.tier
-- also matches 'STARTER', the name models.UserTier stores (Alembic's 'starter'
-- matches only rows written by SQL); subscriptions store the values.
-- pschema:data
UPDATE users SET tier = 'solo' WHERE tier IN ('starter', 'STARTER');

UPDATE subscriptions SET tier = 'solo' WHERE tier = 'starter';
-- pschema:end-data
