-- Where a refresh token was used from (issue 17): presenting it again from
-- the same client address within a few seconds is a second tab refreshing
-- at the same moment (TokenConfig::reuse_grace_s), not a replay.
ALTER TABLE refresh_tokens ADD COLUMN used_from text;
