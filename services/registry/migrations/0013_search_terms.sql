-- Search that finds what people type (issue 22). Each search row gets the
-- terms of the registry's own analysis (libs/text: folded words, Snowball
-- stems in French, English and Arabic, Arabic letter forms unified), weighted
-- A titles, B summaries/objectives/results, C participating organisations.
-- The registry process writes them with every refresh of the rows, in the
-- same transaction; rows from before this migration get them when the
-- registry starts. Beside project_search, not in it: its rows are made by
-- project_search_row(), which returns exactly that table's columns.
CREATE TABLE project_search_terms (
  project_id uuid NOT NULL,
  public     boolean NOT NULL,
  terms      tsvector NOT NULL,
  PRIMARY KEY (project_id, public)
);
CREATE INDEX project_search_terms_idx ON project_search_terms USING gin (terms);

-- Every term ever indexed: a query's words are matched against it by typo
-- distance (trigram candidates) and by shorter stems (prefixes of a word).
-- Terms are never removed; one that no row holds any more matches nothing.
CREATE TABLE search_terms (term text PRIMARY KEY);
CREATE INDEX search_terms_trgm_idx ON search_terms USING gin (term public.gin_trgm_ops);
