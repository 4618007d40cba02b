// Outbox writes and the bus tables' schema.
#include "atlas/bus/outbox.h"

#include "absl/strings/str_cat.h"

namespace atlas::bus {

const std::vector<db::Migration>& Migrations() {
  static const auto* m = new std::vector<db::Migration>{{"bus_0001_outbox.sql", R"sql(
CREATE TABLE outbox (
  seq           bigserial PRIMARY KEY,        -- relay order
  event_id      uuid NOT NULL UNIQUE,         -- ce-id and Nats-Msg-Id
  source        text NOT NULL,
  type          text NOT NULL,
  subject       text NOT NULL,
  nats_subject  text NOT NULL,
  event_time    text NOT NULL,
  traceparent   text NOT NULL DEFAULT '',
  payload       bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- Consumers record each applied event here in the same transaction as its
-- effect; the primary key makes a second application impossible.
CREATE TABLE processed_events (
  consumer      text NOT NULL,
  source        text NOT NULL,
  event_id      text NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, source, event_id)
);
)sql"},
                                                        {"bus_0002_dead_letters.sql", R"sql(
-- Events that could not go on: the relay could not publish them (stage
-- 'publish', e.g. larger than NATS accepts) or a consumer gave up applying
-- them (stage = the consumer's name). Listed and replayed with
-- `atlas-<service> dead-letters` (docs/operations.md); alerts fire on them.
CREATE TABLE dead_letters (
  id            bigserial PRIMARY KEY,
  stage         text NOT NULL,
  event_id      text NOT NULL,
  source        text NOT NULL,
  type          text NOT NULL,
  subject       text NOT NULL,
  nats_subject  text NOT NULL,
  event_time    text NOT NULL,
  traceparent   text NOT NULL DEFAULT '',
  payload       bytea NOT NULL,
  error         text NOT NULL,
  deliveries    bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stage, event_id)
);
-- Retention of processed_events (Consumer's pruning) reads by age.
CREATE INDEX processed_events_age_idx ON processed_events (consumer, processed_at);
)sql"}};
  return *m;
}

absl::Status AppendToOutbox(pqxx::work& tx, const Event& e) {
  if (e.payload.size() > kMaxEventBytes) {
    return absl::ResourceExhaustedError(absl::StrCat("event ", e.type, " of ", e.payload.size(),
                                                     " bytes exceeds the ", kMaxEventBytes,
                                                     "-byte limit; nothing was written"));
  }
  tx.exec_params0(
      "INSERT INTO outbox (event_id, source, type, subject, nats_subject, event_time, "
      "traceparent, payload) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8)",
      e.id, e.source, e.type, e.subject, e.nats_subject, e.time, e.traceparent,
      pqxx::binarystring(e.payload.data(), e.payload.size()));
  return absl::OkStatus();
}

}  // namespace atlas::bus
