-- atlas-indicators: the performance framework of each programme (issue 20,
-- item 1): objectives, indicators (measured, or a formula over other
-- indicators), baseline, targets, and measured values with their source —
-- national or by region and sex. A measured value may be "not available"
-- (value NULL): missing is missing, never zero.
ALTER TABLE programmes ADD COLUMN responsible text NOT NULL DEFAULT '';

CREATE TABLE objectives (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  programme_id  text NOT NULL REFERENCES programmes (id),
  position      integer NOT NULL,
  title         jsonb NOT NULL,             -- {"fr":..,"ar":..,"en":..}
  demo          boolean NOT NULL DEFAULT false
);
CREATE INDEX ON objectives (programme_id, position);

CREATE TABLE indicators (
  id                   text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  objective_id         text NOT NULL REFERENCES objectives (id),
  position             integer NOT NULL,
  title                jsonb NOT NULL,
  definition           jsonb NOT NULL DEFAULT '{}',
  unit                 text NOT NULL,
  direction            text NOT NULL CHECK (direction IN ('UP', 'DOWN')),
  source               text NOT NULL DEFAULT '',
  frequency            text NOT NULL DEFAULT 'ANNUAL',
  formula_numerator    text REFERENCES indicators (id),
  formula_denominator  text REFERENCES indicators (id),
  formula_factor       double precision NOT NULL DEFAULT 1,
  baseline_year        integer,
  baseline             double precision,
  demo                 boolean NOT NULL DEFAULT false,
  CHECK (formula_denominator IS NULL OR formula_numerator IS NOT NULL)
);
CREATE INDEX ON indicators (objective_id, position);

CREATE TABLE indicator_targets (
  indicator_id  text NOT NULL REFERENCES indicators (id),
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  value         double precision NOT NULL,
  PRIMARY KEY (indicator_id, year)
);

CREATE TABLE measurements (
  indicator_id  text NOT NULL REFERENCES indicators (id),
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  region        text NOT NULL DEFAULT '',     -- '' national, MA-01…MA-12, central
  sex           text NOT NULL DEFAULT '_T' CHECK (sex IN ('_T', 'M', 'F')),
  value         double precision,             -- NULL: measured as not available
  provisional   boolean NOT NULL DEFAULT false,
  source        text NOT NULL,
  measured_on   date,
  comment       text NOT NULL DEFAULT '',
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, year, region, sex)
);
