-- atlas.indicators.indicator.due is published once per indicator and year:
-- the announcements made (the event itself goes through the outbox with it).
CREATE TABLE indicator_due_notices (
  indicator_id  text NOT NULL REFERENCES indicators (id),
  year          integer NOT NULL,
  announced_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, year)
);
