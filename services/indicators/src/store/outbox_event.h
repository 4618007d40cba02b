// Appends an indicators event to the outbox, in the caller's transaction.
#ifndef ATLAS_INDICATORS_STORE_OUTBOX_EVENT_H_
#define ATLAS_INDICATORS_STORE_OUTBOX_EVENT_H_

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "atlas/bus/outbox.h"
#include "indicators/domain/performance_store.h"

namespace atlas::indicators {

inline absl::Status AppendEvent(pqxx::work& tx, const OutboxEvent& e) {
  return bus::AppendToOutbox(
      tx, bus::NewEvent("/atlas/indicators", e.type, e.key, e.subject, e.payload));
}

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_OUTBOX_EVENT_H_
