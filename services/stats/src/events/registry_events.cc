// Registry event handler for the projects-by-country read model.
#include "stats/events/registry_events.h"

#include "atlas/registry/events/v1/project_events.pb.h"
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
    p.status = pub.status() == registry::v1::ACTIVITY_STATUS_UNSPECIFIED
                   ? ""
                   : registry::v1::ActivityStatus_Name(pub.status());
    p.demo = pub.demo();
  }
  UpsertProject(tx, p);
  return absl::OkStatus();
}

}  // namespace

const bus::Decoder<pqxx::work>& RegistryEvents() {
  static const auto* decoder = [] {
    using registry::events::v1::ProjectCreated;
    using registry::events::v1::ProjectTransitioned;
    using registry::events::v1::ProjectUpdated;
    auto* d = new bus::Decoder<pqxx::work>();
    d->On<ProjectCreated>("ma.sharaka.atlas.project.created.v1", Apply<ProjectCreated>);
    d->On<ProjectUpdated>("ma.sharaka.atlas.project.updated.v1", Apply<ProjectUpdated>);
    for (const char* verb : {"submitted", "published", "rejected", "archived", "good_practice"}) {
      d->On<ProjectTransitioned>(std::string("ma.sharaka.atlas.project.") + verb + ".v1",
                                 Apply<ProjectTransitioned>);
    }
    return d;
  }();
  return *decoder;
}

}  // namespace atlas::stats
