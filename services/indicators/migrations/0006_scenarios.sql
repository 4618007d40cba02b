-- What-if scenarios (issue 20, item 4): copy-on-write over a programming
-- version — a scenario keeps its moves of credits only; the base version's
-- lines are never written. Promotion makes a new draft version.
CREATE TABLE scenarios (
  id            serial PRIMARY KEY,
  base_version  integer NOT NULL REFERENCES programming_versions (id),
  title         text NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revision      bigint NOT NULL DEFAULT 1,            -- 1, then one more per move ("r<n>" etag)
  promoted_to   integer REFERENCES programming_versions (id)
);

CREATE TABLE scenario_moves (
  scenario_id     integer NOT NULL REFERENCES scenarios (id),
  seq             bigint NOT NULL,                    -- 1, 2, …: the order they apply in
  from_programme  text NOT NULL,
  from_region     text NOT NULL,
  from_action     text NOT NULL DEFAULT '',
  from_chapter    text NOT NULL,
  from_year       integer NOT NULL,
  to_programme    text NOT NULL,
  to_region       text NOT NULL,
  to_action       text NOT NULL DEFAULT '',
  to_chapter      text NOT NULL,
  to_year         integer NOT NULL,
  measure         text NOT NULL CHECK (measure IN ('CE', 'CP', 'BOTH')),
  amount          bigint NOT NULL CHECK (amount > 0),
  reason          text NOT NULL DEFAULT '',
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scenario_id, seq)
);
