// The project as the API and the events show it.
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_PROTO_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_PROTO_H_

#include <cstdint>
#include <map>
#include <string>

#include "registry/domain/project.h"
#include "registry/domain/project_store.h"

namespace atlas::registry {

// `p` (already the version to show, see PublicView) with its metadata.
void ToProto(const Project& p, v1::Project* out);

// `p` as events carry it: ToProto without long texts, names, milestones,
// documents, funding shares and contacts (bounded well under
// bus::kMaxEventBytes whatever the record holds).
void ToEventProto(const Project& p, v1::Project* out);

// The event a committed write publishes: NATS subject verb ("created",
// "published"…) and the serialised payload (ProjectCreated, ProjectUpdated
// or ProjectTransitioned).
struct EncodedEvent {
  std::string verb;
  std::string payload;
};
// `per_eur`: the registry's indicative rates (currency code -> units per EUR;
// MAD when a project has no currency), for the events' EUR budgets;
// `search_generation`: the change log's generation the write committed.
EncodedEvent EncodeEvent(const Project& after, const Change& change,
                         const std::map<std::string, double>& per_eur = {},
                         int64_t search_generation = 0);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_PROTO_H_
