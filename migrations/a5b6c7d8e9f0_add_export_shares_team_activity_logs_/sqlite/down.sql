-- a5b6c7d8e9f0: Add export_shares, team_activity_logs, and firm_branding tables.
-- downgrade on SQLite; parents: f4a5b6c7d8e9

-- Drop table firm_branding
DROP TABLE firm_branding;

-- Drop table team_activity_logs
DROP TABLE team_activity_logs;

-- Drop table export_shares
DROP TABLE export_shares;
