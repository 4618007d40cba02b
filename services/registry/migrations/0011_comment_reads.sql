-- atlas-registry: how far each reader has read a project's dialogue (issue 7's
-- unread markers, kept by the server so that they follow the person, not the
-- browser). A comment is unread for a reader when it is newer than their mark
-- and not theirs.
CREATE TABLE comment_reads (
  project_id uuid NOT NULL REFERENCES projects (id),
  reader     text NOT NULL,  -- users/{id} or serviceAccounts/{id}
  read_time  timestamptz NOT NULL,
  PRIMARY KEY (project_id, reader)
);
