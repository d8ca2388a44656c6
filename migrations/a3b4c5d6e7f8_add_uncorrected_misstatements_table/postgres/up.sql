-- a3b4c5d6e7f8: Add uncorrected_misstatements table.
-- upgrade on PostgreSQL; parents: f2a8e7d6c5b4

-- Create enum MisstatementSourceType
CREATE TYPE misstatementsourcetype AS ENUM ('adjusting_entry_passed', 'sample_projection', 'known_error');

-- Create enum MisstatementClassification
CREATE TYPE misstatementclassification AS ENUM ('factual', 'judgmental', 'projected');

-- Create enum MisstatementDisposition
CREATE TYPE misstatementdisposition AS ENUM ('not_yet_reviewed', 'auditor_proposes_correction', 'auditor_accepts_as_immaterial');

-- Create table uncorrected_misstatements
CREATE TABLE uncorrected_misstatements (
	id SERIAL NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	source_type misstatementsourcetype NOT NULL, 
	source_reference TEXT NOT NULL, 
	description TEXT NOT NULL, 
	accounts_affected_json TEXT DEFAULT '[]' NOT NULL, 
	classification misstatementclassification NOT NULL, 
	fs_impact_net_income NUMERIC(19, 2) DEFAULT '0.00' NOT NULL, 
	fs_impact_net_assets NUMERIC(19, 2) DEFAULT '0.00' NOT NULL, 
	cpa_disposition misstatementdisposition DEFAULT 'not_yet_reviewed' NOT NULL, 
	cpa_notes TEXT, 
	created_by INTEGER NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	updated_by INTEGER, 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	archived_at TIMESTAMP WITHOUT TIME ZONE, 
	archived_by INTEGER, 
	archive_reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(created_by) REFERENCES users (id), 
	FOREIGN KEY(engagement_id) REFERENCES engagements (id) ON DELETE CASCADE, 
	FOREIGN KEY(updated_by) REFERENCES users (id)
);

CREATE INDEX ix_uncorrected_misstatements_classification ON uncorrected_misstatements (classification);

CREATE INDEX ix_uncorrected_misstatements_cpa_disposition ON uncorrected_misstatements (cpa_disposition);

CREATE INDEX ix_uncorrected_misstatements_eng_classification ON uncorrected_misstatements (engagement_id, classification);

CREATE INDEX ix_uncorrected_misstatements_eng_disposition ON uncorrected_misstatements (engagement_id, cpa_disposition);

CREATE INDEX ix_uncorrected_misstatements_engagement_id ON uncorrected_misstatements (engagement_id);

CREATE INDEX ix_uncorrected_misstatements_id ON uncorrected_misstatements (id);

CREATE INDEX ix_uncorrected_misstatements_source_type ON uncorrected_misstatements (source_type);
