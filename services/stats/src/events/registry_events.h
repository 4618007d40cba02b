// Keeps the projects-by-country read model in step with the registry's
// atlas.registry.project.* events.
#ifndef ATLAS_STATS_EVENTS_REGISTRY_EVENTS_H_
#define ATLAS_STATS_EVENTS_REGISTRY_EVENTS_H_

#include <pqxx/pqxx>

#include "atlas/bus/decoder.h"

namespace atlas::stats {

// Each project event, applied inside the consumer's transaction: the
// project's public version (countries, status, demo) upserted, or the row
// marked not public; an event older than the row is ignored.
const bus::Decoder<pqxx::work>& RegistryEvents();

}  // namespace atlas::stats

#endif  // ATLAS_STATS_EVENTS_REGISTRY_EVENTS_H_
