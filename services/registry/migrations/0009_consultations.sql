-- atlas-registry: stakeholder consultations on good practices (issue 7).
CREATE TABLE consultations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title       text NOT NULL,
  criteria    int[] NOT NULL,   -- DacCriterion numbers
  practices   uuid[] NOT NULL,  -- projects
  invited     text[] NOT NULL,  -- handles, lower case
  close_time  timestamptz NOT NULL,
  closed      boolean NOT NULL DEFAULT false,
  created_by  text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);

-- One ballot per stakeholder and consultation, replaced while it is open.
CREATE TABLE ballots (
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  voter           text NOT NULL,  -- handle
  scores          jsonb NOT NULL, -- [{"practice": uuid, "criterion": n, "score": 1..4}]
  update_time     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consultation_id, voter)
);
