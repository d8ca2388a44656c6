DROP INDEX ix_team_activity_org_created;

DELETE FROM alembic_version WHERE alembic_version.version_num = '418d00cd85ae';

