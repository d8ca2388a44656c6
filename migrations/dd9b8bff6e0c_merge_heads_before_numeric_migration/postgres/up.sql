-- dd9b8bff6e0c: merge_heads_before_numeric_migration
-- upgrade on PostgreSQL; parents: b7d2f1e4a903, f8a3d1c09b72

-- Nothing to do. Write hand-made SQL (a data migration) here.
