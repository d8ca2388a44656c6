-- e9f0a1b2c3d4: Add upload_dedup table.
-- downgrade on SQLite; parents: d8e9f0a1b2c3

-- Drop table upload_dedup
DROP TABLE upload_dedup;
