// Turns every event on the stream into an inbox entry.
#ifndef ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_
#define ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "atlas/bus/event.h"

namespace atlas::notify {

// Records `event` in the inbox inside the consumer's transaction.
absl::Status RecordEvent(pqxx::work& tx, const bus::Event& event);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_
