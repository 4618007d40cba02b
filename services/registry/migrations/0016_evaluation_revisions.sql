-- Evaluations can be corrected (UpdateEvaluation, issue 23): each has a
-- revision for optimistic concurrency and the time of its last change.
ALTER TABLE evaluations ADD COLUMN revision integer NOT NULL DEFAULT 1,
                        ADD COLUMN update_time timestamptz;
UPDATE evaluations SET update_time = create_time;
ALTER TABLE evaluations ALTER COLUMN update_time SET NOT NULL,
                        ALTER COLUMN update_time SET DEFAULT now();
