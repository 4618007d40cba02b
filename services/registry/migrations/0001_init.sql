-- atlas-registry: the project record (walking-skeleton subset).
CREATE TABLE projects (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Creation order; serves ListProjects' keyset pagination (unique index).
  seq           bigserial NOT NULL UNIQUE,
  title         text NOT NULL,
  summary       text NOT NULL DEFAULT '',
  themes        text[] NOT NULL DEFAULT '{}',
  region_codes  text[] NOT NULL DEFAULT '{}',
  lat           double precision,
  lng           double precision,
  state         smallint NOT NULL,
  revision      bigint NOT NULL DEFAULT 1,
  -- Idempotency key of the create request (AIP-155); unique index.
  request_id    text UNIQUE,
  create_time   timestamptz NOT NULL DEFAULT now(),
  update_time   timestamptz NOT NULL DEFAULT now(),
  CHECK ((lat IS NULL) = (lng IS NULL)),
  CHECK (lat IS NULL OR (lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180))
);
