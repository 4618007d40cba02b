-- A counter every write bumps in its transaction: the registry caches facet
-- counts per query under the counter's value and recounts once it moves.
CREATE TABLE search_generation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  n  bigint NOT NULL
);
INSERT INTO search_generation VALUES (true, 0);
