-- atlas-stats: statistical datasets and their observations.
CREATE TABLE datasets (
  seq             bigserial NOT NULL UNIQUE,   -- ListDatasets keyset (unique index)
  id              text PRIMARY KEY,
  title           text NOT NULL,
  description     text NOT NULL DEFAULT '',
  source          text NOT NULL,               -- every figure keeps its provenance
  licence         text NOT NULL,
  reference_year  integer NOT NULL
);

CREATE TABLE observations (
  dataset_id  text NOT NULL REFERENCES datasets (id),
  ordinal     integer NOT NULL,                -- order as published
  area        text NOT NULL,                   -- country or group of countries
  value       bigint,                          -- NULL = missing, never 0
  PRIMARY KEY (dataset_id, ordinal)
);
