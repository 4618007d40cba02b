-- An indicator's definition is edited by analysts (unit, direction, source,
-- baseline, formula, targets): its revision is the etag that keeps two of
-- them from overwriting each other.
ALTER TABLE indicators ADD COLUMN revision bigint NOT NULL DEFAULT 1;
