-- 591a_dunning: Sprint 591: Add dunning_episodes table for failed payment workflow.
-- downgrade on SQLite; parents: 590a_superadmin

-- Drop table dunning_episodes
DROP TABLE dunning_episodes;
