// Turns every event on the stream into an inbox entry.
#ifndef ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_
#define ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_

#include <pqxx/pqxx>

#include "atlas/bus/decoder.h"

namespace atlas::notify {

// The registry's events as inbox entries, recorded inside the consumer's
// transaction: project events and mentions concern someone; every other
// event is in the platform feed only.
const bus::Decoder<pqxx::work>& InboxEvents();

// Statistics' and indicators' events (atlas.stats.>, atlas.indicators.>):
// deliveries to the subscriptions they match, and an inbox entry only when
// someone's in-app subscription asked for it.
const bus::Decoder<pqxx::work>& OtherEvents();

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_
