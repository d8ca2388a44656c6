"""The data steps of the drift-closing migration 7d1f0c3a9e25, per dialect, and where each goes
(before which generated line).

To make the migration again from the chain's head (its SQL outside the data blocks is exactly
what pschema generates):

    cp tests/data/reference/paciolus-history/drift_hints.pschema schema/paciolus.pschema
    pschema revision --autogenerate --rev-id 7d1f0c3a9e25 --allow-destructive \
        -m "close the drift between the migrations and the Python models" \
        --verify-postgres-url postgresql://...
    python3 tests/data/reference/paciolus-history/drift_blocks.py migrations/7d1f0c3a9e25_close_the_drift_between_the_migrations_
    pschema hash
    git checkout schema/paciolus.pschema   # the models' schema, without the one-migration hints

drift_hints.pschema is the models' schema with the hints (@renamed_from on 83 labels, @fill on
23 columns).
"""
RENUMBER = """-- tool_runs: rows that share (engagement_id, tool_name, run_number) would fail the new
-- unique index uq_tool_runs_engagement_tool_run. Every duplicate after the first (by id)
-- takes the next free run numbers of its engagement and tool, in id order; no row is
-- deleted. Runs after the label renames (flux_analysis and FLUX_ANALYSIS are one tool).
CREATE TEMPORARY TABLE pschema_tool_run_renumber AS
SELECT t.id,
       (SELECT max(m.run_number) FROM tool_runs m
         WHERE m.engagement_id = t.engagement_id AND m.tool_name = t.tool_name)
       + (SELECT count(*) FROM tool_runs e
           WHERE e.engagement_id = t.engagement_id AND e.tool_name = t.tool_name AND e.id <= t.id
             AND EXISTS (SELECT 1 FROM tool_runs f
                          WHERE f.engagement_id = e.engagement_id AND f.tool_name = e.tool_name
                            AND f.run_number = e.run_number AND f.id < e.id)) AS run_number
  FROM tool_runs t
 WHERE EXISTS (SELECT 1 FROM tool_runs d
                WHERE d.engagement_id = t.engagement_id AND d.tool_name = t.tool_name
                  AND d.run_number = t.run_number AND d.id < t.id);
UPDATE tool_runs
   SET run_number = (SELECT r.run_number FROM pschema_tool_run_renumber r WHERE r.id = tool_runs.id)
 WHERE id IN (SELECT id FROM pschema_tool_run_renumber);
DROP TABLE pschema_tool_run_renumber;"""

LEGACY_TIERS = """-- users.tier: rows the application wrote hold the Python members' names, which the
-- revisions' lower-case UPDATEs never matched. Names the models no longer have are moved
-- as those revisions meant: STARTER -> SOLO (d9e0f1a2b3c4), TEAM -> SOLO (e3f4a5b6c7d8),
-- ORGANIZATION -> FREE (c2d3e4f5a6b7). (PostgreSQL's usertier cannot hold them.)
UPDATE users SET tier = 'SOLO' WHERE tier IN ('STARTER', 'TEAM');
UPDATE users SET tier = 'FREE' WHERE tier = 'ORGANIZATION';"""

TRUNCATE = """-- archive_reason becomes VARCHAR(255) as in the models (the soft-delete mixin). The
-- generated cast would cut longer values silently; cut them here, visibly, to the first
-- 255 characters. (SQLite does not enforce the length: nothing is cut there.)
UPDATE analytical_expectations SET archive_reason = left(archive_reason, 255) WHERE length(archive_reason) > 255;
UPDATE uncorrected_misstatements SET archive_reason = left(archive_reason, 255) WHERE length(archive_reason) > 255;"""

ORPHANS = """-- analytical_expectations.archived_by and uncorrected_misstatements.archived_by get the
-- foreign key to users the models have (f2a8e7d6c5b4 and a3b4c5d6e7f8 made the columns
-- without it). A value naming no user would fail the key: it is cleared. The row stays
-- archived (archived_at and archive_reason are kept); only who archived it is lost, and
-- that user no longer exists.
UPDATE analytical_expectations SET archived_by = NULL
 WHERE archived_by IS NOT NULL AND archived_by NOT IN (SELECT id FROM users);
UPDATE uncorrected_misstatements SET archived_by = NULL
 WHERE archived_by IS NOT NULL AND archived_by NOT IN (SELECT id FROM users);"""

BLOCKS = {
    'sqlite/up.sql': [
        ('-- Enum UserTier: label free is now FREE', LEGACY_TIERS + '\n\n' + ORPHANS),
        ('-- Create index uq_tool_runs_engagement_tool_run on tool_runs', RENUMBER),
    ],
    'postgres/up.sql': [
        ('-- Enum UserTier: label free is now FREE', ORPHANS),
        ('-- Alter table analytical_expectations', TRUNCATE),
        ('-- Create index uq_tool_runs_engagement_tool_run on tool_runs', RENUMBER),
    ],
}

def insert(migration_dir):
    import os
    for f, blocks in BLOCKS.items():
        p = os.path.join(migration_dir, f)
        text = open(p).read()
        for anchor, sql in blocks:
            assert text.count('\n' + anchor + '\n') == 1, (f, anchor)
            text = text.replace('\n' + anchor + '\n', '\n-- pschema:data\n' + sql + '\n-- pschema:end-data\n\n' + anchor + '\n')
        open(p, 'w').write(text)

if __name__ == '__main__':
    import sys
    insert(sys.argv[1])
