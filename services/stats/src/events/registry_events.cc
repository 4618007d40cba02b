// Registry event handler for the projects-by-country read model.
#include "stats/events/registry_events.h"

#include "atlas/bus/project_events.h"
#include "stats/store/pg_project_counts.h"

namespace atlas::stats {
namespace {

template <typename ProjectEvent>
absl::Status Apply(pqxx::work& tx, const ProjectEvent& e, const bus::Event& meta) {
  PublicProject p{.name = e.project().name(), .seq = meta.stream_sequence};
  if (e.has_public_version()) {
    const registry::v1::Project& pub = e.public_version();
    p.is_public = true;
    p.countries.assign(pub.diaspora_countries().begin(), pub.diaspora_countries().end());
    p.status = bus::ActivityStatusName(pub);
    p.demo = pub.demo();
  }
  UpsertProject(tx, p);
  return absl::OkStatus();
}

}  // namespace

const bus::Decoder<pqxx::work>& RegistryEvents() {
  return bus::ProjectEventsDecoder<pqxx::work>(
      [](pqxx::work& tx, const auto& e, const bus::Event& meta) { return Apply(tx, e, meta); });
}

}  // namespace atlas::stats
