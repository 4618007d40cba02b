-- The dialogue on a project: threads (on the project or one field of it)
-- and their replies.
CREATE TABLE comments (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                 bigserial NOT NULL UNIQUE,
  project_id          uuid NOT NULL REFERENCES projects (id),
  thread_id           uuid REFERENCES comments (id),
  field               text NOT NULL DEFAULT '',
  body                text NOT NULL,
  mentions            text[] NOT NULL DEFAULT '{}',
  author              text NOT NULL,
  author_organisation text NOT NULL,
  resolved            boolean NOT NULL DEFAULT false,
  create_time         timestamptz NOT NULL DEFAULT now(),
  CHECK (thread_id IS NULL OR NOT resolved)
);
-- Serves ListComments (a project's, in order).
CREATE INDEX comments_project_seq_idx ON comments (project_id, seq);
