// Turns every event on the stream into an inbox entry.
#ifndef ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_
#define ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_

#include <pqxx/pqxx>

#include "atlas/bus/decoder.h"
#include "notify/domain/inbox.h"
#include "notify/domain/subscription.h"

namespace atlas::notify {

// The registry's events as inbox entries, recorded inside the consumer's
// transaction: project events and mentions concern someone; every other
// event is in the platform feed only.
const bus::Decoder<pqxx::work>& InboxEvents();

// Statistics' and indicators' events (atlas.stats.>, atlas.indicators.>):
// deliveries to the subscriptions they match, and an inbox entry only when
// someone's in-app subscription asked for it.
const bus::Decoder<pqxx::work>& OtherEvents();

// Records `entry` for the event `facts` describes (its recipients grown by the
// in-app subscriptions it matches) and queues the other channels' deliveries,
// in `tx`. `feed`: the entry belongs in the platform feed even if it concerns
// no one.
absl::Status RecordFacts(pqxx::work& tx, InboxEntry entry, const EventFacts& facts, bool feed);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_EVENTS_INBOX_EVENTS_H_
