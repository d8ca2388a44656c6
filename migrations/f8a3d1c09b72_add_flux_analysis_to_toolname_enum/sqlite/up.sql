-- f8a3d1c09b72: add flux_analysis to ToolName enum
-- upgrade on SQLite; parents: ea6c8f7cc976

-- Nothing to do. Write hand-made SQL (a data migration) here.
