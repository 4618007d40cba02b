-- Projects belong to an organisation (identity, issue 3): its editors and
-- service accounts change them and see their drafts. Rows from before this
-- migration belonged to no one in particular: the ministry takes them.
ALTER TABLE projects ADD COLUMN organisation_id text NOT NULL DEFAULT 'ministry';
ALTER TABLE projects ALTER COLUMN organisation_id DROP DEFAULT;
-- Serves an organisation's list (visibility filter, keyset order).
CREATE INDEX projects_organisation_seq_idx ON projects (organisation_id, seq);
