// Registry event handler for the map read model.
#include "geo/events/registry_events.h"

#include <algorithm>

#include "atlas/bus/project_events.h"
#include "atlas/core/ids.h"
#include "geo/store/pg_location_store.h"

namespace atlas::geo {
namespace {

MapProject ToMapProject(const registry::v1::Project& p, bool is_public, double budget_eur) {
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
  m.status = bus::ActivityStatusName(p);
  int years[2] = {0, 0};
  auto year = [&](int y) {
    if (y <= 0) return;
    if (years[0] == 0 || y < years[0]) years[0] = y;
    if (y > years[1]) years[1] = y;
  };
  for (const auto& b : p.budget()) year(b.year());
  for (const auto* d : {&p.planned_start(), &p.planned_end(), &p.actual_start(), &p.actual_end()}) {
    year(d->year());
  }
  m.budget_eur = budget_eur;  // the registry converted it at its own rates
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

// Every project event carries the working copy and, if any, the public
// version, with their budgets in EUR.
template <typename ProjectEvent>
absl::Status Apply(pqxx::work& tx, const ProjectEvent& e, const bus::Event& meta) {
  UpsertVersion(tx, ToMapProject(e.project(), /*is_public=*/false, e.budget_eur()),
                meta.stream_sequence);
  if (e.has_public_version()) {
    UpsertVersion(tx, ToMapProject(e.public_version(), /*is_public=*/true, e.public_budget_eur()),
                  meta.stream_sequence);
  } else {
    // Never published, or archived: nothing public any more.
    RemoveVersion(tx, e.project().name(), /*published=*/true, meta.stream_sequence);
  }
  return absl::OkStatus();
}

}  // namespace

const bus::Decoder<pqxx::work>& RegistryEvents() {
  return bus::ProjectEventsDecoder<pqxx::work>(
      [](pqxx::work& tx, const auto& e, const bus::Event& meta) { return Apply(tx, e, meta); });
}

}  // namespace atlas::geo
