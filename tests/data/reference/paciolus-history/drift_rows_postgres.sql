INSERT INTO users (id, email, hashed_password, tier, is_active, is_verified, created_at, updated_at, settings) VALUES
 (1, 'a@x', 'h', 'free', NULL, NULL, NULL, NULL, NULL), (2, 'b@x', 'h', 'solo', true, false, now(), now(), '{}');
INSERT INTO clients (id, user_id, name, industry, fiscal_year_end, created_at, updated_at, settings) VALUES
 (1, 1, 'c', 'OTHER', '12-31', NULL, NULL, NULL);
INSERT INTO engagements (id, client_id, period_start, period_end, status, performance_materiality_factor, trivial_threshold_factor, created_by, created_at, updated_at)
 VALUES (1, 1, now(), now(), 'ACTIVE', 0.75, 0.05, 1, NULL, NULL);
INSERT INTO tool_runs (id, engagement_id, tool_name, run_number, status, run_at) VALUES
 (1, 1, 'TRIAL_BALANCE', 1, 'COMPLETED', now()), (2, 1, 'TRIAL_BALANCE', 1, 'FAILED', now()), (3, 1, 'TRIAL_BALANCE', 1, 'COMPLETED', now()),
 (4, 1, 'TRIAL_BALANCE', 2, 'COMPLETED', now()), (5, 1, 'flux_analysis', 1, 'COMPLETED', now());
INSERT INTO diagnostic_summaries (id, client_id, user_id) VALUES (1, 1, 1);
INSERT INTO activity_logs (id, user_id, filename_hash, record_count, total_debits, total_credits, materiality_threshold, was_balanced)
 VALUES (1, 1, 'f', 1, 1, 1, 1, true);
INSERT INTO organizations (id, name, slug, owner_user_id) VALUES (1, 'o', 'o', 1);
INSERT INTO organization_members (id, organization_id, user_id) VALUES (1, 1, 1);
INSERT INTO organization_invites (id, organization_id, invite_token_hash, invitee_email, expires_at) VALUES (1, 1, 't', 'e', now());
INSERT INTO subscriptions (id, user_id, tier, status, billing_interval) VALUES (1, 1, 'free', 'active', 'monthly');
INSERT INTO billing_events (id, user_id, event_type) VALUES (1, 1, 'trial_ending'), (2, 1, 'payment_failed');
INSERT INTO analytical_expectations (id, engagement_id, procedure_target_type, procedure_target_label, corroboration_basis_text, created_by, archive_reason)
 VALUES (1, 1, 'account', 'l', 'b', 1, repeat('r', 300));
UPDATE analytical_expectations SET archived_by = 99, archived_at = now() WHERE id = 1;
INSERT INTO uncorrected_misstatements (id, engagement_id, source_type, source_reference, description, classification, created_by)
 VALUES (1, 1, 'known_error', 's', 'd', 'factual', 1);
INSERT INTO email_verification_tokens (id, user_id, token_hash, expires_at, created_at) VALUES (1, 1, 'h', now(), NULL);
INSERT INTO scheduler_locks (job_name, locked_at, locked_by, expires_at) VALUES ('j', NULL, 'x', now());
UPDATE uncorrected_misstatements SET archived_by = 99 WHERE id = 1;
