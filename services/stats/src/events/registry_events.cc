// Registry event handler for the projects-by-country read model.
#include "stats/events/registry_events.h"

#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/bus/project_events.h"
#include "atlas/stats/events/v1/dataset_events.pb.h"
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
  if (!UpsertProject(tx, p)) return absl::OkStatus();
  // The persons-per-active-project answers changed: said with the change,
  // for the gateways' caches of them.
  events::v1::CoverageUpdated changed;
  changed.set_project(p.name);
  return bus::AppendToOutbox(
      tx, bus::NewEvent("/atlas/stats", "ma.sharaka.atlas.coverage.updated.v1", p.name,
                        "atlas.stats.coverage.updated", changed.SerializeAsString()));
}

}  // namespace

const bus::Decoder<pqxx::work>& RegistryEvents() {
  return bus::ProjectEventsDecoder<pqxx::work>(
      [](pqxx::work& tx, const auto& e, const bus::Event& meta) { return Apply(tx, e, meta); });
}

}  // namespace atlas::stats
