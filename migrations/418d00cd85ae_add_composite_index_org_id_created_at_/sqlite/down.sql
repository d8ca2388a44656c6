-- 418d00cd85ae: add_composite_index_org_id_created_at_team_activity
-- downgrade on SQLite; parents: f0a1b2c3d4e5

-- Drop index ix_team_activity_org_created on team_activity_logs
DROP INDEX ix_team_activity_org_created;
