-- Refresh tokens (rotation with reuse detection): a token is "<id>.<secret>";
-- only a SHA-256 of the secret is kept. Each sign-in starts a family; every
-- refresh uses up one token and adds the next to the family; presenting a
-- used token again revokes the whole family.
CREATE TABLE refresh_tokens (
  id           uuid PRIMARY KEY,               -- lookup by the token's id part
  family_id    uuid NOT NULL,
  user_id      uuid NOT NULL REFERENCES users (id),
  secret_hash  bytea NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  revoked_at   timestamptz,
  create_time  timestamptz NOT NULL DEFAULT now()
);
-- Serves revoking a family.
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
