DROP INDEX ix_follow_up_item_comments_user_id;

DROP INDEX ix_follow_up_item_comments_parent_comment_id;

DROP INDEX ix_follow_up_item_comments_id;

DROP INDEX ix_follow_up_item_comments_follow_up_item_id;

DROP INDEX ix_comment_item_parent;

DROP TABLE follow_up_item_comments;

DROP INDEX ix_follow_up_items_tool_source;

DROP INDEX ix_follow_up_items_tool_run_id;

DROP INDEX ix_follow_up_items_severity;

DROP INDEX ix_follow_up_items_id;

DROP INDEX ix_follow_up_items_engagement_id;

DROP INDEX ix_follow_up_items_disposition;

DROP INDEX ix_follow_up_items_assigned_to;

DROP INDEX ix_follow_up_engagement_severity;

DROP INDEX ix_follow_up_engagement_disposition;

DROP TABLE follow_up_items;

DROP INDEX ix_tool_runs_tool_name;

DROP INDEX ix_tool_runs_run_at;

DROP INDEX ix_tool_runs_id;

DROP INDEX ix_tool_runs_engagement_tool;

DROP INDEX ix_tool_runs_engagement_id;

DROP TABLE tool_runs;

DROP INDEX ix_engagements_status;

DROP INDEX ix_engagements_id;

DROP INDEX ix_engagements_client_id;

DROP TABLE engagements;

DROP INDEX ix_diagnostic_summaries_user_id;

DROP INDEX ix_diagnostic_summaries_timestamp;

DROP INDEX ix_diagnostic_summaries_period_date;

DROP INDEX ix_diagnostic_summaries_id;

DROP INDEX ix_diagnostic_summaries_client_id;

DROP TABLE diagnostic_summaries;

DROP INDEX ix_email_verification_tokens_user_id;

DROP INDEX ix_email_verification_tokens_token;

DROP INDEX ix_email_verification_tokens_id;

DROP TABLE email_verification_tokens;

DROP INDEX ix_clients_user_id;

DROP INDEX ix_clients_id;

DROP TABLE clients;

DROP INDEX ix_activity_logs_user_id;

DROP INDEX ix_activity_logs_timestamp;

DROP INDEX ix_activity_logs_id;

DROP TABLE activity_logs;

DROP INDEX ix_users_id;

DROP INDEX ix_users_email_verification_token;

DROP INDEX ix_users_email;

DROP TABLE users;

DELETE FROM alembic_version WHERE alembic_version.version_num = 'e2f21cb79a61';

