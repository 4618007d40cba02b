// The transactional outbox and the consumer's processed-events table.
//
// A producer calls AppendToOutbox() inside the same transaction as its change,
// so the event exists if and only if the change committed. The Relay then
// publishes it. Both tables live in the service's own schema; Migrations()
// creates them and is applied before the service's own migrations.
#ifndef ATLAS_BUS_OUTBOX_H_
#define ATLAS_BUS_OUTBOX_H_

#include <vector>

#include <pqxx/pqxx>

#include "atlas/bus/event.h"
#include "atlas/db/migrate.h"

namespace atlas::bus {

// Schema for outbox and processed_events.
const std::vector<db::Migration>& Migrations();

// Inserts `event` into the outbox within `tx`.
void AppendToOutbox(pqxx::work& tx, const Event& event);

}  // namespace atlas::bus

#endif  // ATLAS_BUS_OUTBOX_H_
