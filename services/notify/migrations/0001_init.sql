-- atlas-notify: the in-app inbox (walking-skeleton subset: one entry per event).
CREATE TABLE inbox_entries (
  seq          bigserial NOT NULL UNIQUE,  -- ListInboxEntries keyset, newest first
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id     text NOT NULL,
  event_source text NOT NULL,
  event_type   text NOT NULL,
  subject      text NOT NULL,
  summary      text NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_source, event_id)
);
-- Serves ListInboxEntries filtered by subject.
CREATE INDEX inbox_entries_subject_idx ON inbox_entries (subject, seq);
