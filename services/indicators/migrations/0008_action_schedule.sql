-- The chronogramme (issue 20, item 6): when an action runs and its
-- milestones. Dates are optional (an action not scheduled yet has none).
ALTER TABLE actions ADD COLUMN starts_on date;
ALTER TABLE actions ADD COLUMN ends_on date;
ALTER TABLE actions ADD CONSTRAINT actions_schedule_order CHECK (ends_on >= starts_on);

CREATE TABLE action_milestones (
  action_id  text NOT NULL REFERENCES actions (id),
  position   integer NOT NULL,
  due_on     date NOT NULL,
  title      jsonb NOT NULL,               -- {"fr":..,"ar":..,"en":..}
  done       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (action_id, position)
);
