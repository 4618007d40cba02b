-- The registry's in-memory search mirror (issue 22, decision 0029).
--
-- search_changes: every write appends (generation, project) in its
-- transaction, with the generation its bump of search_generation gave it. The
-- bump takes the counter's row lock until commit, so generations commit in
-- order: a replica that reads generation n finds every project changed up to
-- n here and re-reads only their rows. Rows older than the last 20 000
-- generations are pruned by the writes themselves; a replica further behind
-- reloads everything.
CREATE TABLE search_changes (
  generation bigint NOT NULL,
  project_id uuid NOT NULL
);
CREATE INDEX search_changes_generation_idx ON search_changes (generation);

-- project_search.tsv (PostgreSQL's own French/English analysis) is no longer
-- read since the registry's own terms (0013): neither computed nor indexed.
DROP INDEX project_search_tsv_idx;
ALTER TABLE project_search DROP COLUMN tsv;

CREATE OR REPLACE FUNCTION project_search_row(p_id uuid, p_public boolean, d jsonb, p_org text, p_seq bigint,
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
         lower(public.unaccent(concat_ws(' ', d#>>'{title,fr}', d#>>'{title,en}',
                                         d#>>'{title,ar}', d#>>'{summary,fr}'))),
         p_time
  FROM parts, years
$$;
