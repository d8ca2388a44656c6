-- c1d2e3f4a5b6: Remove enterprise tier — migrate enterprise users to team.
-- downgrade on SQLite; parents: a4b5c6d7e8f9, b1c2d3e4f5a6

-- Enum UserTier: label free is now FREE
UPDATE users SET tier = 'FREE' WHERE tier = 'free';

-- Enum UserTier: label professional is now PROFESSIONAL
UPDATE users SET tier = 'PROFESSIONAL' WHERE tier = 'professional';
