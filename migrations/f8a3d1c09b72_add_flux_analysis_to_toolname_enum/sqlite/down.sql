-- f8a3d1c09b72: add flux_analysis to ToolName enum
-- downgrade on SQLite; parents: ea6c8f7cc976

-- Enum ToolName: label flux_analysis is removed; refuse if tool_runs still uses it
CREATE TEMP TABLE _pschema_guard (rows_using_removed_label INTEGER CHECK (rows_using_removed_label = 0));

INSERT INTO _pschema_guard VALUES ((SELECT count(*) FROM tool_runs WHERE tool_name = 'flux_analysis'));

DROP TABLE _pschema_guard;
