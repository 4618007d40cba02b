// Keeps the map read model in step with atlas.registry.project.* events.
#ifndef ATLAS_GEO_EVENTS_REGISTRY_EVENTS_H_
#define ATLAS_GEO_EVENTS_REGISTRY_EVENTS_H_

#include <pqxx/pqxx>

#include "atlas/bus/decoder.h"

namespace atlas::geo {

// The registry's project events, each applied inside the consumer's
// transaction: every version of the project the event carries is upserted
// (or, without a public version, the public row removed).
const bus::Decoder<pqxx::work>& RegistryEvents();

}  // namespace atlas::geo

#endif  // ATLAS_GEO_EVENTS_REGISTRY_EVENTS_H_
