-- atlas-notify: subscriptions, webhook endpoints, deliveries and timers
-- (issue 21). docs/notify.md explains the model; decision 0026 the choices.

-- Partner systems' endpoints (Standard Webhooks). The secrets are kept to
-- sign with (HMAC needs them); during a rotation the previous one signs too.
CREATE TABLE webhook_endpoints (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation     text NOT NULL,            -- id
  owner            text NOT NULL,            -- serviceAccounts/{id} or users/{id}
  url              text NOT NULL,
  description      text NOT NULL DEFAULT '',
  secret           text NOT NULL,            -- whsec_<base64>
  previous_secret  text NOT NULL DEFAULT '',
  previous_expire  timestamptz,
  -- The circuit breaker: consecutive failures, and until when it stays open.
  failures         int NOT NULL DEFAULT 0,
  open_until       timestamptz,
  create_time      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_org_idx ON webhook_endpoints (organisation);

-- What a person (or a partner system) asked to hear about. The owner's
-- organisation and roles are those of the token that subscribed: they decide
-- what the subscription may ever be told (visibility is checked per event).
CREATE TABLE subscriptions (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner              text NOT NULL,             -- users/{id} or serviceAccounts/{id}
  owner_username     text NOT NULL DEFAULT '',
  owner_organisation text NOT NULL DEFAULT '',  -- id
  owner_roles        text[] NOT NULL,
  kinds              text[] NOT NULL,
  filters            jsonb NOT NULL DEFAULT '{}',  -- {"regions": [...], ...}
  channel            text NOT NULL CHECK (channel IN ('in_app', 'email', 'webhook')),
  email              text NOT NULL DEFAULT '',
  endpoint_id        uuid REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  language           text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'ar', 'en')),
  cadence            text NOT NULL DEFAULT 'immediate'
                     CHECK (cadence IN ('immediate', 'daily', 'weekly')),
  digest_hour        int NOT NULL DEFAULT 8,
  digest_weekday     int NOT NULL DEFAULT 1,
  time_zone          text NOT NULL DEFAULT 'Africa/Casablanca',
  quiet_start_hour   int NOT NULL DEFAULT -1,
  quiet_end_hour     int NOT NULL DEFAULT -1,
  active             boolean NOT NULL DEFAULT true,
  default_for_role   boolean NOT NULL DEFAULT false,
  unsubscribe_token  text NOT NULL UNIQUE,
  revision           bigint NOT NULL DEFAULT 1,
  create_time        timestamptz NOT NULL DEFAULT now(),
  update_time        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_owner_idx ON subscriptions (owner);
-- The fan-out: active subscriptions to one kind.
CREATE INDEX subscriptions_kinds_idx ON subscriptions USING gin (kinds) WHERE active;

-- One event sent (or to send) to one subscription over one channel: unique,
-- written in the transaction that applies the event (exactly once).
CREATE TABLE deliveries (
  seq             bigserial NOT NULL UNIQUE,
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id        text NOT NULL,
  event_source    text NOT NULL,
  event_type      text NOT NULL,
  kind            text NOT NULL,
  subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  channel         text NOT NULL,
  facts           jsonb NOT NULL,          -- what the message says (subject, label, …)
  event_time      timestamptz NOT NULL,
  status          text NOT NULL
                  CHECK (status IN ('pending', 'sent', 'failed', 'dead', 'digest', 'refused')),
  attempts        int NOT NULL DEFAULT 0,
  next_attempt    timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,             -- a sender holds it until then
  last_error      text NOT NULL DEFAULT '',
  target          text NOT NULL DEFAULT '',
  create_time     timestamptz NOT NULL DEFAULT now(),
  sent_time       timestamptz,
  UNIQUE (event_source, event_id, subscription_id, channel)
);
-- The senders' queue and the admins' follow-up.
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_digest_idx ON deliveries (subscription_id, next_attempt)
  WHERE status = 'digest';
CREATE INDEX deliveries_status_idx ON deliveries (status, seq);

-- The bell: the kind of each entry, so a person can mute a default.
ALTER TABLE inbox_entries ADD COLUMN kind text NOT NULL DEFAULT '';

-- Scheduled rules: one row per timer; a replica takes a firing by moving
-- due_at forward in one UPDATE, so each fires once across replicas and
-- survives restarts.
CREATE TABLE timers (
  name   text PRIMARY KEY,
  due_at timestamptz NOT NULL
);

-- Projects as their events describe them, for the stale-project rule.
CREATE TABLE project_activity (
  project      text PRIMARY KEY,            -- projects/{id}
  facts        jsonb NOT NULL,
  state        text NOT NULL,
  update_time  timestamptz NOT NULL
);
CREATE INDEX project_activity_update_idx ON project_activity (update_time);
