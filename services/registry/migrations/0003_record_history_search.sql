-- atlas-registry: the full project record (issue 4). The content of a
-- project is kept as proto3 JSON (decision 0015): `doc` is the working copy,
-- `published_doc` the public version. Every write adds a row to
-- project_revisions; project_search holds one row per version a viewer can
-- be shown (working copy, public version) with the columns the search and
-- its facets use.
-- Extensions are database-wide: services migrating side by side (or tests in
-- parallel schemas) take turns creating them.
SELECT pg_advisory_xact_lock(hashtext('atlas.create_extension'));
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- French with accents folded ("reinsertion" finds "réinsertion").
CREATE TEXT SEARCH CONFIGURATION atlas_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION atlas_fr
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;

ALTER TABLE projects
  ADD COLUMN doc                jsonb,
  ADD COLUMN published_doc      jsonb,
  ADD COLUMN published_revision bigint NOT NULL DEFAULT 0,
  ADD COLUMN good_practice      boolean NOT NULL DEFAULT false,
  ADD COLUMN demo               boolean NOT NULL DEFAULT false,
  ADD COLUMN rejection_reason   text NOT NULL DEFAULT '';

-- Rows of the walking skeleton become documents.
UPDATE projects SET doc = jsonb_build_object(
    'originalLanguage', 'fr', 'currency', 'MAD',
    'title', jsonb_build_object('fr', title),
    'summary', CASE WHEN summary = '' THEN '{}'::jsonb ELSE jsonb_build_object('fr', summary) END,
    'themes', to_jsonb(themes), 'regionCodes', to_jsonb(region_codes))
  || CASE WHEN lat IS NULL THEN '{}'::jsonb
          ELSE jsonb_build_object('location', jsonb_build_object('latitude', lat, 'longitude', lng))
     END;
UPDATE projects SET published_doc = doc, published_revision = revision WHERE state = 3;
ALTER TABLE projects ALTER COLUMN doc SET NOT NULL,
  DROP COLUMN title, DROP COLUMN summary, DROP COLUMN themes, DROP COLUMN region_codes,
  DROP COLUMN lat, DROP COLUMN lng;
-- The public IATI identifier is unique among projects that have one.
CREATE UNIQUE INDEX projects_iati_identifier_idx ON projects ((doc->>'iatiIdentifier'))
  WHERE doc->>'iatiIdentifier' IS NOT NULL;

-- History: one row per write, with the working copy as of that write.
CREATE TABLE project_revisions (
  project_id         uuid NOT NULL REFERENCES projects (id),
  revision           bigint NOT NULL,
  action             text NOT NULL,
  actor              text NOT NULL DEFAULT '',
  actor_organisation text NOT NULL DEFAULT '',
  state              smallint NOT NULL,
  changed_fields     text[] NOT NULL DEFAULT '{}',
  reason             text NOT NULL DEFAULT '',
  doc                jsonb NOT NULL,
  create_time        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, revision)
);
INSERT INTO project_revisions (project_id, revision, action, actor_organisation, state, doc,
                               create_time)
  SELECT id, revision, 'created', organisation_id, state, doc, update_time FROM projects;

-- Indicative fixed rates for budget filters and totals across currencies
-- (not accounting figures; see docs/registry.md).
CREATE TABLE currency_rates (
  code    text PRIMARY KEY,
  per_eur double precision NOT NULL CHECK (per_eur > 0)
);
INSERT INTO currency_rates VALUES ('EUR', 1), ('MAD', 10.8), ('USD', 1.08);

CREATE TABLE project_search (
  project_id          uuid NOT NULL REFERENCES projects (id),
  -- true: the public version; false: the working copy.
  public              boolean NOT NULL,
  organisation_id     text NOT NULL,
  seq                 bigint NOT NULL,
  state               smallint NOT NULL,
  status              text NOT NULL,
  mechanism           text NOT NULL,
  themes              text[] NOT NULL,
  region_codes        text[] NOT NULL,
  province_codes      text[] NOT NULL,
  diaspora_countries  text[] NOT NULL,
  target_groups       text[] NOT NULL,
  -- Owner ("organisations/x") and participants' names, as shown (facets),
  -- and lower-cased, alone and as "ROLE:name" (filters).
  organisations       text[] NOT NULL,
  organisations_lc    text[] NOT NULL,
  org_roles_lc        text[] NOT NULL,
  year_from           int,
  year_to             int,
  start_date          date,
  budget_eur          double precision NOT NULL,
  good_practice       boolean NOT NULL,
  title_fr            text NOT NULL,
  title_ar            text NOT NULL,
  title_en            text NOT NULL,
  tsv                 tsvector NOT NULL,
  -- Lower-cased, accent-folded titles and summaries: trigram fallback for typos.
  trgm                text NOT NULL,
  update_time         timestamptz NOT NULL,
  PRIMARY KEY (project_id, public)
);
CREATE INDEX project_search_public_seq_idx ON project_search (public, seq);
CREATE INDEX project_search_themes_idx ON project_search USING gin (themes);
CREATE INDEX project_search_regions_idx ON project_search USING gin (region_codes);
CREATE INDEX project_search_provinces_idx ON project_search USING gin (province_codes);
CREATE INDEX project_search_countries_idx ON project_search USING gin (diaspora_countries);
CREATE INDEX project_search_groups_idx ON project_search USING gin (target_groups);
CREATE INDEX project_search_orgs_idx ON project_search USING gin (organisations_lc);
CREATE INDEX project_search_tsv_idx ON project_search USING gin (tsv);
CREATE INDEX project_search_trgm_idx ON project_search USING gin (trgm public.gin_trgm_ops);

CREATE FUNCTION json_texts(j jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(ARRAY(SELECT jsonb_array_elements_text(COALESCE(j, '[]'::jsonb))), '{}')
$$;

CREATE FUNCTION json_date(j jsonb) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN (j->>'year') IS NULL THEN NULL
              ELSE make_date((j->>'year')::int, COALESCE((j->>'month')::int, 1),
                             COALESCE((j->>'day')::int, 1)) END
$$;

-- The search row of one version of a project.
CREATE FUNCTION project_search_row(p_id uuid, p_public boolean, d jsonb, p_org text, p_seq bigint,
                                   p_state smallint, p_good boolean, p_time timestamptz)
RETURNS SETOF project_search LANGUAGE sql STABLE AS $$
  WITH parts AS (
    SELECT COALESCE(jsonb_agg(o->>'name'), '[]'::jsonb) AS names,
           COALESCE(jsonb_agg(replace(o->>'organisation', 'organisations/', ''))
                      FILTER (WHERE o ? 'organisation'), '[]'::jsonb) AS ids,
           COALESCE(jsonb_agg((o->>'role') || ':' || lower(o->>'name')), '[]'::jsonb)
             || COALESCE(jsonb_agg((o->>'role') || ':' ||
                                   replace(o->>'organisation', 'organisations/', ''))
                           FILTER (WHERE o ? 'organisation'), '[]'::jsonb) AS roles
    FROM jsonb_array_elements(COALESCE(d->'participatingOrganisations', '[]'::jsonb)) o),
  years AS (
    SELECT min(y) AS y0, max(y) AS y1 FROM (
      SELECT (d#>>'{plannedStart,year}')::int UNION ALL SELECT (d#>>'{actualStart,year}')::int
      UNION ALL SELECT (d#>>'{plannedEnd,year}')::int UNION ALL SELECT (d#>>'{actualEnd,year}')::int
      UNION ALL SELECT (b->>'year')::int
        FROM jsonb_array_elements(COALESCE(d->'budget', '[]'::jsonb)) b) t(y))
  SELECT p_id, p_public, p_org, p_seq, p_state,
         COALESCE(d->>'status', ''), COALESCE(d->>'mechanism', ''),
         json_texts(d->'themes'), json_texts(d->'regionCodes'), json_texts(d->'provinceCodes'),
         json_texts(d->'diasporaCountries'), json_texts(d->'targetGroups'),
         ARRAY['organisations/' || p_org] || json_texts(parts.names),
         ARRAY[lower(p_org)] || json_texts(parts.ids) ||
           ARRAY(SELECT lower(x) FROM unnest(json_texts(parts.names)) x),
         json_texts(parts.roles),
         years.y0, years.y1,
         COALESCE(json_date(d->'actualStart'), json_date(d->'plannedStart')),
         COALESCE((SELECT sum((b->>'amount')::float8)
                   FROM jsonb_array_elements(COALESCE(d->'budget', '[]'::jsonb)) b), 0)
           / COALESCE((SELECT per_eur FROM currency_rates
                       WHERE code = COALESCE(d->>'currency', 'MAD')), 1),
         p_good,
         COALESCE(d#>>'{title,fr}', ''), COALESCE(d#>>'{title,ar}', ''),
         COALESCE(d#>>'{title,en}', ''),
         setweight(to_tsvector('atlas_fr', COALESCE(d#>>'{title,fr}', '')), 'A') ||
         setweight(to_tsvector('english', COALESCE(d#>>'{title,en}', '')), 'A') ||
         setweight(to_tsvector('simple', COALESCE(d#>>'{title,ar}', '')), 'A') ||
         setweight(to_tsvector('atlas_fr', concat_ws(' ', d#>>'{summary,fr}', d#>>'{objectives,fr}',
                                                     d#>>'{expectedResults,fr}',
                                                     d#>>'{achievedResults,fr}')), 'B') ||
         setweight(to_tsvector('english', concat_ws(' ', d#>>'{summary,en}', d#>>'{objectives,en}',
                                                    d#>>'{expectedResults,en}',
                                                    d#>>'{achievedResults,en}')), 'B') ||
         setweight(to_tsvector('simple', concat_ws(' ', d#>>'{summary,ar}', d#>>'{objectives,ar}',
                                                   d#>>'{expectedResults,ar}',
                                                   d#>>'{achievedResults,ar}')), 'B'),
         lower(public.unaccent(concat_ws(' ', d#>>'{title,fr}', d#>>'{title,en}',
                                         d#>>'{title,ar}', d#>>'{summary,fr}'))),
         p_time
  FROM parts, years
$$;

-- Rewrites the search rows of project `p_id` from its row in projects.
CREATE FUNCTION project_search_refresh(p_id uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE p projects%ROWTYPE;
BEGIN
  SELECT * INTO p FROM projects WHERE id = p_id;
  DELETE FROM project_search WHERE project_id = p_id;
  INSERT INTO project_search
    SELECT * FROM project_search_row(p.id, false, p.doc, p.organisation_id, p.seq, p.state,
                                     p.good_practice, p.update_time);
  IF p.published_doc IS NOT NULL AND p.state <> 5 THEN
    INSERT INTO project_search
      SELECT * FROM project_search_row(p.id, true, p.published_doc, p.organisation_id, p.seq,
                                       3::smallint, p.good_practice, p.update_time);
  END IF;
END
$$;

DO $$ BEGIN PERFORM project_search_refresh(id) FROM projects; END $$;
