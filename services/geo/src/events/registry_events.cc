// Registry event handler for the map read model.
#include "events/registry_events.h"

#include "atlas/core/ids.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "store/pg_location_store.h"

namespace atlas::geo {
namespace {

constexpr std::string_view kTypePrefix = "ma.sharaka.atlas.project.";

// A display title: French, else English, else Arabic (languages per viewer
// come with the map API of issue 5).
std::string TitleOf(const registry::v1::Project& p) {
  if (!p.title().fr().empty()) return p.title().fr();
  if (!p.title().en().empty()) return p.title().en();
  return p.title().ar();
}

// Writes (or removes, when it has no point) one version's row.
void Apply(pqxx::work& tx, const registry::v1::Project& p, bool is_public, uint64_t seq) {
  if (!p.has_location()) {
    RemoveLocation(tx, p.name(), is_public, seq);
    return;
  }
  ProjectLocation loc{p.name(),
                      TitleOf(p),
                      p.location().latitude(),
                      p.location().longitude(),
                      {p.themes().begin(), p.themes().end()},
                      {p.region_codes().begin(), p.region_codes().end()},
                      is_public,
                      core::IdOf(p.organisation(), "organisations/").value_or("")};
  UpsertLocation(tx, loc, seq);
}

}  // namespace

absl::Status ApplyRegistryEvent(pqxx::work& tx, const bus::Event& event) {
  if (event.type.rfind(kTypePrefix, 0) != 0) return absl::OkStatus();
  const std::string verb = event.type.substr(kTypePrefix.size());
  registry::v1::Project working, public_version;
  bool has_public = false;
  // Every project event carries the working copy and, if any, the public version.
  auto read = [&](auto e) {
    if (!e.ParseFromString(event.payload)) return false;
    working = e.project();
    has_public = e.has_public_version();
    public_version = e.public_version();
    return true;
  };
  const bool ok = verb == "created.v1"   ? read(registry::events::v1::ProjectCreated())
                  : verb == "updated.v1" ? read(registry::events::v1::ProjectUpdated())
                                         : read(registry::events::v1::ProjectTransitioned());
  if (!ok)
    return absl::InvalidArgumentError("unreadable payload of " + event.type + " " + event.id);
  Apply(tx, working, /*is_public=*/false, event.stream_sequence);
  if (has_public) {
    Apply(tx, public_version, /*is_public=*/true, event.stream_sequence);
  } else {
    // Never published, or archived: nothing public any more.
    RemoveLocation(tx, working.name(), /*published=*/true, event.stream_sequence);
  }
  return absl::OkStatus();
}

}  // namespace atlas::geo
