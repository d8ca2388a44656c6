-- a3b4c5d6e7f8: Add uncorrected_misstatements table.
-- downgrade on SQLite; parents: f2a8e7d6c5b4

-- Drop table uncorrected_misstatements
DROP TABLE uncorrected_misstatements;
