-- Identity administration (issue 3): organisation details, user versions,
-- service accounts for partner systems, and the append-only audit log.
ALTER TABLE organisations
  ADD COLUMN country          text NOT NULL DEFAULT '' CHECK (country ~ '^([A-Z]{3})?$'),
  ADD COLUMN iati_identifier  text NOT NULL DEFAULT '',
  ADD COLUMN demo             boolean NOT NULL DEFAULT false,
  ADD COLUMN seq              bigserial NOT NULL UNIQUE;      -- listing order (keyset)
UPDATE organisations SET country = 'MAR' WHERE id = 'ministry';

-- etag of a user = its revision; every admin change bumps it.
ALTER TABLE users
  ADD COLUMN revision     bigint NOT NULL DEFAULT 1,
  ADD COLUMN update_time  timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN seq          bigserial NOT NULL UNIQUE;          -- listing order (keyset)
CREATE INDEX users_organisation_idx ON users (organisation_id);

-- OAuth client_credentials clients: id = client_id; only a SHA-256 of the
-- 256-bit random secret is kept (a secret that strong needs no slow hash).
CREATE TABLE service_accounts (
  id               uuid PRIMARY KEY,
  display_name     text NOT NULL,
  organisation_id  text NOT NULL REFERENCES organisations (id),
  secret_hash      bytea NOT NULL,
  disabled         boolean NOT NULL DEFAULT false,
  seq              bigserial NOT NULL UNIQUE,                 -- listing order (keyset)
  create_time      timestamptz NOT NULL DEFAULT now()
);

-- Security-relevant events. Append-only: rows are never changed or removed
-- (the trigger refuses it, whoever asks).
CREATE TABLE audit_log (
  seq          bigserial PRIMARY KEY,
  event_id     uuid NOT NULL UNIQUE,          -- also the bus event's id (de-dup)
  kind         text NOT NULL,
  actor        text NOT NULL DEFAULT '',
  target       text NOT NULL DEFAULT '',
  peer         text NOT NULL DEFAULT '',
  detail       jsonb NOT NULL DEFAULT '{}',
  source       text NOT NULL,                 -- the process that saw it: gateway, registry, …
  create_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_kind_idx ON audit_log (kind, seq);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
