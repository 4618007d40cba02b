-- atlas-gateway: organisations and user accounts (identity, issue 3).
CREATE TABLE organisations (
  id           text PRIMARY KEY,                 -- organisations/{id}
  name_fr      text NOT NULL,
  name_ar      text NOT NULL DEFAULT '',
  name_en      text NOT NULL DEFAULT '',
  kind         text NOT NULL CHECK (kind IN ('ministry', 'ngo', 'diaspora_association',
                                             'region', 'agency', 'donor')),
  create_time  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username         text NOT NULL UNIQUE,          -- login name, lower case; unique index
  organisation_id  text NOT NULL REFERENCES organisations (id),
  roles            text[] NOT NULL,
  password_hash    text NOT NULL,                 -- argon2id, libsodium crypto_pwhash_str format
  disabled         boolean NOT NULL DEFAULT false,
  create_time      timestamptz NOT NULL DEFAULT now(),
  CHECK (username = lower(username))
);

-- The ministry that runs the platform (reference data, not demo data).
INSERT INTO organisations (id, name_fr, name_ar, name_en, kind) VALUES (
  'ministry',
  'Ministère chargé des Marocains résidant à l''étranger',
  'الوزارة المكلفة بالمغاربة المقيمين بالخارج',
  'Ministry in charge of Moroccans living abroad',
  'ministry');
