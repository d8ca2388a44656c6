-- 591a_dunning: Sprint 591: Add dunning_episodes table for failed payment workflow.
-- downgrade on PostgreSQL; parents: 590a_superadmin

-- Drop table dunning_episodes
DROP TABLE dunning_episodes;

-- Drop enum DunningResolution
DROP TYPE dunningresolution;

-- Drop enum DunningState
DROP TYPE dunningstate;
