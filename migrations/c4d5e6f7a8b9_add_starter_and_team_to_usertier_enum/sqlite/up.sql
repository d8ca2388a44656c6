-- c4d5e6f7a8b9: add starter and team to UserTier enum
-- upgrade on SQLite; parents: b2c3d4e5f6a7

-- Nothing to do. Write hand-made SQL (a data migration) here.
