-- The indicative rates say since when they hold (issue 23: every EUR total
-- names its rates). The three rates of 0003 were set with the registry's
-- record on 2026-11-29; a later change of rate is a migration that updates
-- both columns.
ALTER TABLE currency_rates ADD COLUMN as_of date NOT NULL DEFAULT DATE '2026-11-29';
ALTER TABLE currency_rates ALTER COLUMN as_of DROP DEFAULT;
