-- Idempotency keys belong to the caller's organisation and the method
-- (AIP-155): the same request_id from two organisations makes two projects,
-- and a repeat never answers with another organisation's project. Keys are
-- now stored as "CreateProject:<caller organisation>:<request_id>"; existing
-- ones take the organisation of the actor who created the project.
UPDATE projects p
SET request_id = 'CreateProject:' || r.actor_organisation || ':' || p.request_id
FROM project_revisions r
WHERE r.project_id = p.id AND r.revision = 1 AND p.request_id IS NOT NULL
  AND p.request_id NOT LIKE 'CreateProject:%';
