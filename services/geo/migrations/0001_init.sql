-- atlas-geo: the map read model, fed by registry events.
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;

CREATE TABLE project_locations (
  project       text PRIMARY KEY,            -- registry resource name, projects/{id}
  title         text NOT NULL,
  themes        text[] NOT NULL DEFAULT '{}',
  region_codes  text[] NOT NULL DEFAULT '{}',
  location      public.geometry(Point, 4326) NOT NULL,
  -- Stream sequence of the event that last wrote the row: an older event
  -- arriving late never overwrites a newer one.
  event_seq     bigint NOT NULL
);
-- Serves SearchProjectLocations (bounding-box intersects).
CREATE INDEX project_locations_location_idx ON project_locations USING gist (location);
