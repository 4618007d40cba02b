// Registry event handler for the projects an action lists.
#include "indicators/events/registry_events.h"

#include "atlas/bus/project_events.h"
#include "atlas/core/ids.h"
#include "indicators/store/pg_action_store.h"

namespace atlas::indicators {
namespace {

template <typename ProjectEvent>
absl::Status Apply(pqxx::work& tx, const ProjectEvent& e, const bus::Event& meta) {
  ProjectVersion p{.project = e.project().name(), .seq = meta.stream_sequence};
  if (e.has_public_version()) {
    const registry::v1::Project& pub = e.public_version();
    p.is_public = true;
    p.title = {.en = pub.title().en(), .fr = pub.title().fr(), .ar = pub.title().ar()};
    p.status = bus::ActivityStatusName(pub);
    p.organisation = core::IdOf(pub.organisation(), "organisations/").value_or("");
    p.demo = pub.demo();
  }
  return ApplyProject(tx, p);
}

}  // namespace

const bus::Decoder<pqxx::work>& RegistryEvents() {
  return bus::ProjectEventsDecoder<pqxx::work>(
      [](pqxx::work& tx, const auto& e, const bus::Event& meta) { return Apply(tx, e, meta); });
}

}  // namespace atlas::indicators
