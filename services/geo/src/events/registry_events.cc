// Registry event handler for the map read model.
#include "events/registry_events.h"

#include "atlas/core/ids.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "store/pg_location_store.h"

namespace atlas::geo {

absl::Status ApplyRegistryEvent(pqxx::work& tx, const bus::Event& event) {
  registry::v1::Project p;
  if (event.type == "ma.sharaka.atlas.project.created.v1") {
    registry::events::v1::ProjectCreated created;
    if (!created.ParseFromString(event.payload)) {
      return absl::InvalidArgumentError("unreadable ProjectCreated payload in event " + event.id);
    }
    p = created.project();
  } else if (event.type == "ma.sharaka.atlas.project.updated.v1") {
    registry::events::v1::ProjectUpdated updated;
    if (!updated.ParseFromString(event.payload)) {
      return absl::InvalidArgumentError("unreadable ProjectUpdated payload in event " + event.id);
    }
    p = updated.project();
  } else {
    return absl::OkStatus();
  }
  // Projects known only by region get a representative point later (issue 5).
  if (!p.has_location()) {
    // No point (any more): the project leaves the point layer.
    RemoveLocation(tx, p.name(), event.stream_sequence);
    return absl::OkStatus();
  }
  ProjectLocation loc{p.name(),
                      p.title(),
                      p.location().latitude(),
                      p.location().longitude(),
                      {p.themes().begin(), p.themes().end()},
                      {p.region_codes().begin(), p.region_codes().end()},
                      p.state() == registry::v1::PUBLISHED,
                      core::IdOf(p.organisation(), "organisations/").value_or("")};
  UpsertLocation(tx, loc, event.stream_sequence);
  return absl::OkStatus();
}

}  // namespace atlas::geo
