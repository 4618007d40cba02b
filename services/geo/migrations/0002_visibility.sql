-- The map read model applies the registry's visibility (identity, issue 3):
-- published projects for everyone, unpublished ones only for their
-- organisation and for validators, analysts and admins. Rows written before
-- this migration came from drafts: not published.
ALTER TABLE project_locations
  ADD COLUMN published     boolean NOT NULL DEFAULT false,
  ADD COLUMN organisation  text NOT NULL DEFAULT '';
