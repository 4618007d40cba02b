-- atlas-indicators: the rolling three-year budget programming (issue 20,
-- items 2–3). Actions of each programme; programming versions covering
-- first_year .. first_year + 2, draft then adopted (frozen); budget lines by
-- programme × region × action × chapter × year with CE, CP and execution,
-- in whole MAD. A line's revision is its etag (two analysts editing the same
-- line: the second gets 409).
CREATE TABLE actions (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  programme_id  text NOT NULL REFERENCES programmes (id),
  code          text NOT NULL,
  title         jsonb NOT NULL,
  region        text NOT NULL,
  demo          boolean NOT NULL DEFAULT false
);

CREATE TABLE programming_versions (
  id          serial PRIMARY KEY,
  first_year  integer NOT NULL CHECK (first_year BETWEEN 2000 AND 2098),
  state       text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'adopted')),
  based_on    integer REFERENCES programming_versions (id),
  label       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  adopted_at  timestamptz,
  adopted_by  text
);

CREATE TABLE budget_lines (
  version_id    integer NOT NULL REFERENCES programming_versions (id),
  programme_id  text NOT NULL REFERENCES programmes (id),
  region        text NOT NULL,
  action_id     text NOT NULL DEFAULT '',
  chapter       text NOT NULL CHECK (chapter IN ('PERSONNEL', 'MDD', 'INVESTISSEMENT')),
  year          integer NOT NULL,
  ce            bigint NOT NULL CHECK (ce >= 0),
  cp            bigint NOT NULL CHECK (cp >= 0),
  committed     bigint CHECK (committed >= 0),
  paid          bigint CHECK (paid >= 0),
  reason        text NOT NULL DEFAULT '',
  revision      bigint NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL,
  PRIMARY KEY (version_id, programme_id, region, action_id, chapter, year)
);
