DROP INDEX ix_uncorrected_misstatements_eng_classification;

DROP INDEX ix_uncorrected_misstatements_eng_disposition;

DROP TABLE uncorrected_misstatements;

UPDATE alembic_version SET version_num='f2a8e7d6c5b4' WHERE alembic_version.version_num = 'a3b4c5d6e7f8';

