DROP TABLE firm_branding;

DROP TABLE team_activity_logs;

DROP TABLE export_shares;

UPDATE alembic_version SET version_num='f4a5b6c7d8e9' WHERE alembic_version.version_num = 'a5b6c7d8e9f0';

