-- In-depth evaluations of projects (OECD-DAC criteria), kept as proto JSON
-- like the project record (decision 0015).
CREATE TABLE evaluations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id  uuid NOT NULL REFERENCES projects (id),
  doc         jsonb NOT NULL,
  actor       text NOT NULL DEFAULT '',
  create_time timestamptz NOT NULL DEFAULT now()
);
-- Serves ListEvaluations (a project's, newest first).
CREATE INDEX evaluations_project_idx ON evaluations (project_id, create_time DESC);
