-- a848ac91d39a: merge sprint 590 591 593 heads
-- downgrade on PostgreSQL; parents: 591a_dunning, c2d3e4f5a6b7, d1e2f3a4b5c6

-- Nothing to do. Write hand-made SQL (a data migration) here.
