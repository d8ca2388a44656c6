-- a3b4c5d6e7f8: Add uncorrected_misstatements table.
-- downgrade on PostgreSQL; parents: f2a8e7d6c5b4

-- Drop table uncorrected_misstatements
DROP TABLE uncorrected_misstatements;

-- Drop enum MisstatementDisposition
DROP TYPE misstatementdisposition;

-- Drop enum MisstatementClassification
DROP TYPE misstatementclassification;

-- Drop enum MisstatementSourceType
DROP TYPE misstatementsourcetype;
