// Keeps the registry-projects read model (an action's projects) in step with
// the registry's atlas.registry.project.* events.
#ifndef ATLAS_INDICATORS_EVENTS_REGISTRY_EVENTS_H_
#define ATLAS_INDICATORS_EVENTS_REGISTRY_EVENTS_H_

#include <pqxx/pqxx>

#include "atlas/bus/decoder.h"

namespace atlas::indicators {

// Each project event, applied inside the consumer's transaction: the
// project's public version upserted, or the row marked not public; an event
// older than the row is ignored.
const bus::Decoder<pqxx::work>& RegistryEvents();

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_EVENTS_REGISTRY_EVENTS_H_
