// Registry event handler for the map read model.
#include "geo/events/registry_events.h"

#include <algorithm>

#include "atlas/core/ids.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "geo/store/pg_location_store.h"

namespace atlas::geo {
namespace {

constexpr std::string_view kTypePrefix = "ma.sharaka.atlas.project.";

// Indicative rates to EUR, the registry's (registry migration 0003,
// currency_rates): a project without a currency is in MAD.
double PerEur(const std::string& currency) {
  if (currency == "EUR") return 1;
  if (currency == "USD") return 1.08;
  return 10.8;
}

MapProject ToMapProject(const registry::v1::Project& p, bool is_public) {
  MapProject m;
  m.name = p.name();
  m.published = is_public;
  m.organisation = core::IdOf(p.organisation(), "organisations/").value_or("");
  m.title = {p.title().en(), p.title().fr(), p.title().ar()};
  m.original_language = p.original_language();
  m.themes.assign(p.themes().begin(), p.themes().end());
  m.regions.assign(p.region_codes().begin(), p.region_codes().end());
  m.provinces.assign(p.province_codes().begin(), p.province_codes().end());
  m.diaspora_countries.assign(p.diaspora_countries().begin(), p.diaspora_countries().end());
  m.target_groups.assign(p.target_groups().begin(), p.target_groups().end());
  m.organisations.push_back(m.organisation);
  for (const auto& o : p.participating_organisations()) {
    auto id = core::IdOf(o.organisation(), "organisations/");
    if (id &&
        std::find(m.organisations.begin(), m.organisations.end(), *id) == m.organisations.end()) {
      m.organisations.push_back(*id);
    }
  }
  m.status = p.status() == registry::v1::ACTIVITY_STATUS_UNSPECIFIED
                 ? ""
                 : registry::v1::ActivityStatus_Name(p.status());
  double total = 0;
  int years[2] = {0, 0};
  auto year = [&](int y) {
    if (y <= 0) return;
    if (years[0] == 0 || y < years[0]) years[0] = y;
    if (y > years[1]) years[1] = y;
  };
  for (const auto& b : p.budget()) {
    total += b.amount();
    year(b.year());
  }
  for (const auto* d : {&p.planned_start(), &p.planned_end(), &p.actual_start(), &p.actual_end()}) {
    year(d->year());
  }
  m.budget_eur = total / PerEur(p.currency());
  m.year_from = years[0];
  m.year_to = years[1];
  m.demo = p.demo();
  // A point inside a place's province is as exact as the registry knows.
  const google::type::LatLng* point = p.has_location() ? &p.location() : nullptr;
  for (const auto& place : p.places()) {
    if (point == nullptr && place.has_point()) point = &place.point();
  }
  if (point != nullptr) {
    m.has_point = true;
    m.lat = point->latitude();
    m.lng = point->longitude();
  }
  return m;
}

void Apply(pqxx::work& tx, const registry::v1::Project& p, bool is_public, uint64_t seq) {
  UpsertVersion(tx, ToMapProject(p, is_public), seq);
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
    RemoveVersion(tx, working.name(), /*published=*/true, event.stream_sequence);
  }
  return absl::OkStatus();
}

}  // namespace atlas::geo
