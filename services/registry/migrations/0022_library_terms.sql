-- The library's search with the registry's own text analysis (libs/text, as
-- the project search): folded words, Snowball stems, Arabic letter forms;
-- typos and shorter stems through a vocabulary with a trigram index; ranking
-- that prefers every word but still answers with partial matches. Terms by
-- weight: titles (A), abstracts (B), authors and commissioning body (C), the
-- PDF's text (D); written by the registry (NULL until it has: it writes
-- missing ones at start). PostgreSQL's four analyses it replaces are dropped;
-- library_query stays for the matched passage (ts_headline).
ALTER TABLE library_documents ADD COLUMN terms tsvector;
CREATE INDEX library_documents_terms_idx ON library_documents USING gin (terms);
CREATE TABLE library_terms (term text PRIMARY KEY);
CREATE INDEX library_terms_trgm_idx ON library_terms USING gin (term public.gin_trgm_ops);
DROP INDEX library_documents_search_idx;
ALTER TABLE library_documents DROP COLUMN search;
DROP FUNCTION library_search_vector(text, text, text);
DROP FUNCTION library_lexemes(text);
