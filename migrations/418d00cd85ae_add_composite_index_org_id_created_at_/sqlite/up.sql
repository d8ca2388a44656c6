-- 418d00cd85ae: add_composite_index_org_id_created_at_team_activity
-- upgrade on SQLite; parents: f0a1b2c3d4e5

-- Create index ix_team_activity_org_created on team_activity_logs
CREATE INDEX ix_team_activity_org_created ON team_activity_logs (organization_id, created_at);
