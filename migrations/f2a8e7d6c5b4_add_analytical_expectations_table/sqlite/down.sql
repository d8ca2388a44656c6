-- f2a8e7d6c5b4: Add analytical_expectations table.
-- downgrade on SQLite; parents: e1a2b3c4d5f6

-- Drop table analytical_expectations
DROP TABLE analytical_expectations;
