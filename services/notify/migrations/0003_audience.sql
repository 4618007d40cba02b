-- Who may be shown an entry, whoever it names (issue 17): an organisation id
-- (its people and the ministry's staff), or '' for the entry's recipients.
-- A mention in a project's dialogue is shown only to the dialogue's own, so
-- naming someone from another organisation tells them nothing.
ALTER TABLE inbox_entries ADD COLUMN audience text NOT NULL DEFAULT '';
