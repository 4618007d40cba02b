-- A programme's strategy (the PdP's first section): a few sentences in the
-- three languages, {"fr":..,"ar":..,"en":..}; {} when not written yet.
ALTER TABLE programmes ADD COLUMN strategy jsonb NOT NULL DEFAULT '{}';
