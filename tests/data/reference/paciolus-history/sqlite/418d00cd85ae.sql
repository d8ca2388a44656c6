CREATE INDEX ix_team_activity_org_created ON team_activity_logs (organization_id, created_at);

INSERT INTO alembic_version (version_num) VALUES ('418d00cd85ae') RETURNING version_num;

