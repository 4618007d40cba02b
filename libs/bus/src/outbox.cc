// Outbox writes and the bus tables' schema.
#include "atlas/bus/outbox.h"

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
)sql"}};
  return *m;
}

void AppendToOutbox(pqxx::work& tx, const Event& e) {
  tx.exec_params0(
      "INSERT INTO outbox (event_id, source, type, subject, nats_subject, event_time, "
      "traceparent, payload) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8)",
      e.id, e.source, e.type, e.subject, e.nats_subject, e.time, e.traceparent,
      pqxx::binarystring(e.payload.data(), e.payload.size()));
}

}  // namespace atlas::bus
