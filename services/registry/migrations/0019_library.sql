-- The studies and reports library (issue 24, part 2): each document's record
-- (proto3 JSON: atlas.registry.v1.LibraryDocument without what columns hold),
-- what its filters need copied out, its PDF's text and a search vector over
-- both (simple + French, English and Arabic Snowball stems, accents folded),
-- and the PDF itself in a table of its own (the FileStore behind which an
-- object store could sit: docs/registry.md).
CREATE TABLE library_documents (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id    text UNIQUE,
  doc           jsonb NOT NULL,
  restricted    boolean NOT NULL,
  kind          integer NOT NULL,
  region_codes  text[] NOT NULL,
  themes        text[] NOT NULL,
  projects      text[] NOT NULL,
  programmes    text[] NOT NULL,
  datasets      text[] NOT NULL,
  file_name     text NOT NULL,
  content_type  text NOT NULL,
  size_bytes    bigint NOT NULL,
  sha256        text NOT NULL,
  pages         integer NOT NULL,
  body          text NOT NULL,
  search        tsvector NOT NULL,
  revision      bigint NOT NULL DEFAULT 1,
  created_by    text NOT NULL,
  create_time   timestamptz NOT NULL DEFAULT now(),
  update_time   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX library_documents_search_idx ON library_documents USING gin (search);
CREATE INDEX library_documents_regions_idx ON library_documents USING gin (region_codes);
CREATE INDEX library_documents_projects_idx ON library_documents USING gin (projects);

CREATE TABLE library_files (
  document_id  uuid PRIMARY KEY REFERENCES library_documents (id) ON DELETE CASCADE,
  bytes        bytea NOT NULL
);

-- The lexemes of `t` in every analysis the library searches with: as
-- written (accents folded), French, English and Arabic Snowball stems.
CREATE FUNCTION library_lexemes(t text) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT to_tsvector('simple', public.unaccent(lower(t))) || to_tsvector('french', public.unaccent(lower(t)))
         || to_tsvector('english', lower(t)) || to_tsvector('arabic', t)
$$;

-- A query in the same analyses: a document matches if any of them does.
CREATE FUNCTION library_query(q text) RETURNS tsquery LANGUAGE sql STABLE AS $$
  SELECT websearch_to_tsquery('simple', public.unaccent(lower(q)))
         || websearch_to_tsquery('french', public.unaccent(lower(q)))
         || websearch_to_tsquery('english', lower(q)) || websearch_to_tsquery('arabic', q)
$$;

-- The search vector of a record's texts (A: titles, B: abstracts, authors,
-- commissioning body, C: the PDF's first 200 000 characters).
CREATE FUNCTION library_search_vector(a text, b text, body text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(library_lexemes(a), 'A') || setweight(library_lexemes(b), 'B')
         || setweight(library_lexemes(left(body, 200000)), 'C')
$$;
