-- d2e3f4a5b6c7: Add organization tier to UserTier and subscription_tier enums.
-- upgrade on SQLite; parents: c1d2e3f4a5b6

-- Nothing to do. Write hand-made SQL (a data migration) here.
