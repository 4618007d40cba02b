-- atlas-registry: who did it, by name (issue 7: history and comments show
-- handles, not user ids). Rows written before this keep '' (the user id and
-- organisation remain).
ALTER TABLE project_revisions ADD COLUMN actor_name text NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN author_name text NOT NULL DEFAULT '';
