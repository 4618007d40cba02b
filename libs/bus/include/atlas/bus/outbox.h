// The transactional outbox and the consumer's processed-events table.
//
// A producer calls AppendToOutbox() inside the same transaction as its change,
// so the event exists if and only if the change committed. The Relay then
// publishes it. Both tables live in the service's own schema; Migrations()
// creates them (and dead_letters, see dead_letters.h) and is applied before
// the service's own migrations.
#ifndef ATLAS_BUS_OUTBOX_H_
#define ATLAS_BUS_OUTBOX_H_

#include <cstddef>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "atlas/bus/event.h"
#include "atlas/db/migrate.h"

namespace atlas::bus {

// The largest payload an event may have: a quarter of NATS's default
// max_payload (1 MiB), leaving room for headers and for a cluster configured
// lower. Events carry what consumers need and refer to the rest.
inline constexpr size_t kMaxEventBytes = 256 * 1024;

// Schema for outbox, processed_events and dead_letters.
const std::vector<db::Migration>& Migrations();

// Inserts `event` into the outbox within `tx`. RESOURCE_EXHAUSTED (nothing
// written) if its payload exceeds kMaxEventBytes: the caller's change must
// not commit, since its event could never be published.
[[nodiscard]] absl::Status AppendToOutbox(pqxx::work& tx, const Event& event);

}  // namespace atlas::bus

#endif  // ATLAS_BUS_OUTBOX_H_
