-- The Maisons des Marocains du Monde et des Affaires de la Migration (issue
-- 24): the ministry's regional service points. The entry is proto3 JSON
-- (atlas.registry.v1.Maison without name, etag and times, which are columns);
-- region_code is copied out for the directory's filters and order.
CREATE TABLE maisons (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id   text UNIQUE,
  doc          jsonb NOT NULL,
  region_code  text NOT NULL,
  title_fr     text NOT NULL,
  revision     bigint NOT NULL DEFAULT 1,
  updated_by   text NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX maisons_region_idx ON maisons (region_code, title_fr);
