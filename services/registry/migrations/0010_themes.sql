-- atlas-registry: the theme taxonomy becomes data administrators edit (issue 7).
-- The registry seeds an empty table with its twelve built-in themes
-- (DefaultThemes(): three labels and the map's colour each) at start-up.
-- `retired` themes stay valid on the projects that have them but are no
-- longer offered; a theme no project uses may be deleted. `revision` is the
-- optimistic-concurrency token (etag "t<revision>").
CREATE TABLE themes (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  label_fr   text NOT NULL CHECK (label_fr <> ''),
  label_ar   text NOT NULL CHECK (label_ar <> ''),
  label_en   text NOT NULL CHECK (label_en <> ''),
  colour     text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
  position   int NOT NULL,
  retired    boolean NOT NULL DEFAULT false,
  revision   bigint NOT NULL DEFAULT 1,
  updated_by text NOT NULL DEFAULT '',
  update_time timestamptz NOT NULL DEFAULT now()
);

-- Bumped with every change, in its transaction: each registry replica
-- reloads the taxonomy when it moves.
CREATE TABLE theme_generation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  n  bigint NOT NULL
);
INSERT INTO theme_generation VALUES (true, 0);
