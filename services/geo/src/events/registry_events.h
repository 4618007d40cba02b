// Keeps the map read model in step with atlas.registry.project.* events.
#ifndef ATLAS_GEO_EVENTS_REGISTRY_EVENTS_H_
#define ATLAS_GEO_EVENTS_REGISTRY_EVENTS_H_

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "atlas/bus/event.h"

namespace atlas::geo {

// Applies one registry event inside the consumer's transaction. Unknown
// event types are ignored (OK); an unreadable payload is INVALID_ARGUMENT.
absl::Status ApplyRegistryEvent(pqxx::work& tx, const bus::Event& event);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_EVENTS_REGISTRY_EVENTS_H_
