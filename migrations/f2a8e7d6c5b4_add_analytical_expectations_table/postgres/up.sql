-- f2a8e7d6c5b4: Add analytical_expectations table.
-- upgrade on PostgreSQL; parents: e1a2b3c4d5f6

-- Create enum ExpectationTargetType
CREATE TYPE expectationtargettype AS ENUM ('account', 'balance', 'ratio', 'flux_line');

-- Create enum ExpectationResultStatus
CREATE TYPE expectationresultstatus AS ENUM ('not_evaluated', 'within_threshold', 'exceeds_threshold');

-- Create table analytical_expectations
CREATE TABLE analytical_expectations (
	id SERIAL NOT NULL, 
	engagement_id INTEGER NOT NULL, 
	procedure_target_type expectationtargettype NOT NULL, 
	procedure_target_label VARCHAR(200) NOT NULL, 
	expected_value NUMERIC(19, 2), 
	expected_range_low NUMERIC(19, 2), 
	expected_range_high NUMERIC(19, 2), 
	precision_threshold_amount NUMERIC(19, 2), 
	precision_threshold_percent FLOAT, 
	corroboration_basis_text TEXT NOT NULL, 
	corroboration_tags_json TEXT DEFAULT '[]' NOT NULL, 
	cpa_notes TEXT, 
	result_actual_value NUMERIC(19, 2), 
	result_variance_amount NUMERIC(19, 2), 
	result_status expectationresultstatus DEFAULT 'not_evaluated' NOT NULL, 
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

CREATE INDEX ix_analytical_expectations_eng_status ON analytical_expectations (engagement_id, result_status);

CREATE INDEX ix_analytical_expectations_engagement_id ON analytical_expectations (engagement_id);

CREATE INDEX ix_analytical_expectations_id ON analytical_expectations (id);

CREATE INDEX ix_analytical_expectations_procedure_target_type ON analytical_expectations (procedure_target_type);

CREATE INDEX ix_analytical_expectations_result_status ON analytical_expectations (result_status);
