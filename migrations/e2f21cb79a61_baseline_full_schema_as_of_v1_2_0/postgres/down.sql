-- e2f21cb79a61: baseline: full schema as of v1.2.0
-- downgrade on PostgreSQL; parents: base

-- Drop table follow_up_item_comments
DROP TABLE follow_up_item_comments;

-- Drop table follow_up_items
DROP TABLE follow_up_items;

-- Drop table tool_runs
DROP TABLE tool_runs;

-- Drop table engagements
DROP TABLE engagements;

-- Drop table diagnostic_summaries
DROP TABLE diagnostic_summaries;

-- Drop table email_verification_tokens
DROP TABLE email_verification_tokens;

-- Drop table clients
DROP TABLE clients;

-- Drop table activity_logs
DROP TABLE activity_logs;

-- Drop table users
DROP TABLE users;

-- Drop enum FollowUpDisposition
DROP TYPE followupdisposition;

-- Drop enum FollowUpSeverity
DROP TYPE followupseverity;

-- Drop enum ToolRunStatus
DROP TYPE toolrunstatus;

-- Drop enum ToolName
DROP TYPE toolname;

-- Drop enum MaterialityBasis
DROP TYPE materialitybasis;

-- Drop enum EngagementStatus
DROP TYPE engagementstatus;

-- Drop enum PeriodType
DROP TYPE periodtype;

-- Drop enum Industry
DROP TYPE industry;

-- Drop enum UserTier
DROP TYPE usertier;
