-- atlas-stats: datasets with structure, versions and provenance (issue 19).
-- Replaces the one-column table of 0001/0002; its figures come back as the
-- dataset consular-2004 in 0004, with every other shipped table.
DROP TABLE observations;
DROP TABLE datasets;

-- Code lists (SDMX: agency MA.MRE unless the list is a cross-domain one).
CREATE TABLE codelists (
  id       text PRIMARY KEY,                  -- CL_AREA, CL_SEX, ...
  agency   text NOT NULL DEFAULT 'MA.MRE',
  version  text NOT NULL DEFAULT '1.0',
  name     jsonb NOT NULL                     -- {"fr":..,"ar":..,"en":..}
);
CREATE TABLE codes (
  codelist_id  text NOT NULL REFERENCES codelists (id),
  code         text NOT NULL CHECK (code ~ '^[A-Za-z0-9_@$-]{1,50}$'),
  position     integer NOT NULL,
  name         jsonb NOT NULL,
  PRIMARY KEY (codelist_id, code)
);

CREATE TABLE datasets (
  seq               bigserial NOT NULL UNIQUE,   -- ListDatasets keyset
  id                text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  title             jsonb NOT NULL,
  description       jsonb NOT NULL,
  producer          text NOT NULL,
  source            text NOT NULL,               -- the citation shown under every figure
  source_url        text NOT NULL DEFAULT '',
  licence           text NOT NULL,
  method            text NOT NULL DEFAULT '',
  reference_period  text NOT NULL,
  unit              text NOT NULL DEFAULT 'persons',
  grade             text NOT NULL DEFAULT '',    -- data/mre/SOURCES.md quality grade
  demo              boolean NOT NULL DEFAULT false
);

-- The dimensions, in key order; TIME_PERIOD (no code list) is last.
CREATE TABLE dataset_dimensions (
  dataset_id   text NOT NULL REFERENCES datasets (id),
  position     smallint NOT NULL,
  id           text NOT NULL,
  codelist_id  text REFERENCES codelists (id),  -- NULL: TIME_PERIOD
  PRIMARY KEY (dataset_id, position),
  UNIQUE (dataset_id, id)
);

-- A re-import is a new version; released versions stay queryable.
CREATE TABLE dataset_versions (
  dataset_id      text NOT NULL REFERENCES datasets (id),
  version         integer NOT NULL CHECK (version > 0),
  state           text NOT NULL CHECK (state IN ('draft', 'released')),
  content_sha256  text NOT NULL,               -- the same file twice is no new version
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL,
  released_at     timestamptz,
  PRIMARY KEY (dataset_id, version),
  UNIQUE (dataset_id, content_sha256)
);

CREATE TABLE observations (
  dataset_id  text NOT NULL,
  version     integer NOT NULL,
  key         text[] NOT NULL,                 -- one code per dimension, in order
  value       bigint,                          -- NULL only with status M
  status      char(1) NOT NULL DEFAULT 'A' CHECK (status IN ('A', 'E', 'P', 'M')),
  note        text NOT NULL DEFAULT '',
  PRIMARY KEY (dataset_id, version, key),
  FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version),
  CHECK ((value IS NULL) = (status = 'M'))
);

-- The secret that keys disclosure control (random rounding): drawn once by the
-- database, shared by every replica, never leaves the service.
CREATE TABLE disclosure_secret (
  only_one  boolean PRIMARY KEY DEFAULT true CHECK (only_one),
  secret    bytea NOT NULL
);
-- Two v4 UUIDs: 244 bits from the server's strong random source.
INSERT INTO disclosure_secret (secret)
  VALUES (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
