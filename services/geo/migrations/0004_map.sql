-- The map read model of issue 5: every version row keeps what the map filters
-- and draws (titles in three languages, status, organisations, diaspora
-- countries, provinces, budget in EUR, years) and may have no exact point: a
-- project known only by its region or province is drawn at that area's
-- representative point (flagged approximate), resolved in memory from the
-- reference geography.
ALTER TABLE project_locations ALTER COLUMN location DROP NOT NULL;
ALTER TABLE project_locations ADD COLUMN attrs jsonb NOT NULL DEFAULT '{}';

-- Bumped in the transaction of every event the model applies: each replica
-- reloads its in-memory model when it changes.
CREATE TABLE model_generation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  n  bigint NOT NULL
);
INSERT INTO model_generation VALUES (true, 0);

-- Reference geography (scripts/gen-geo-reference, loaded at start-up when its
-- version changes): Morocco's regions and provinces, the world's countries.
CREATE TABLE reference_areas (
  level             text NOT NULL CHECK (level IN ('region', 'province', 'country')),
  code              text NOT NULL,
  parent            text NOT NULL DEFAULT '',
  name_fr           text NOT NULL DEFAULT '',
  name_ar           text NOT NULL DEFAULT '',
  name_en           text NOT NULL DEFAULT '',
  name_tfng         text NOT NULL DEFAULT '',
  population        bigint,
  population_source text NOT NULL DEFAULT '',
  source            text NOT NULL,
  geom              public.geometry(MultiPolygon, 4326) NOT NULL,
  -- For vector tiles: clipped to Web Mercator's latitudes, in EPSG:3857,
  -- simplified to about a pixel at the highest zoom of each band (docs/geo.md).
  tile_z0           public.geometry(MultiPolygon, 3857),  -- zoom 0–3
  tile_z4           public.geometry(MultiPolygon, 3857),  -- zoom 4–6
  tile_z7           public.geometry(MultiPolygon, 3857),  -- zoom 7–9
  tile_z10          public.geometry(MultiPolygon, 3857),  -- zoom 10+, full detail
  label             public.geometry(Point, 4326),         -- a point inside the area
  PRIMARY KEY (level, code)
);
CREATE INDEX reference_areas_geom_idx ON reference_areas USING gist (geom);

CREATE TABLE reference_version (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  version   text NOT NULL,
  load_time timestamptz NOT NULL DEFAULT now()
);

-- Rows written before this migration lack the new attributes: they are
-- dropped, and the new durable consumer "geo-map" replays the registry's
-- stream from its start (see docs/geo.md, "Rebuilding the read model").
DELETE FROM project_locations;
