-- atlas-notify: per-user notifications (issue 7). Each entry names who it
-- concerns — user:<username> (a mention), org:<organisation id> (that
-- organisation's editors: decisions on its projects, mentions of it),
-- role:<role> (e.g. validators: submissions) — and each user's reads are
-- their own (one editor reading does not read for their colleagues).
ALTER TABLE inbox_entries ADD COLUMN label text NOT NULL DEFAULT '';

CREATE TABLE inbox_recipients (
  recipient text NOT NULL,
  entry_id  uuid NOT NULL REFERENCES inbox_entries (id) ON DELETE CASCADE,
  PRIMARY KEY (recipient, entry_id)
);

CREATE TABLE inbox_reads (
  reader    text NOT NULL,  -- users/{id}
  entry_id  uuid NOT NULL REFERENCES inbox_entries (id) ON DELETE CASCADE,
  read_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reader, entry_id)
);
