// PostGIS read model.
#include "geo/store/pg_location_store.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "atlas/core/json.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"
#include "geo/store/reference_store.h"

namespace atlas::geo {
namespace {

// $5/$6 are null when the version has no exact point.
constexpr char kUpsert[] = R"sql(
WITH bump AS (UPDATE model_generation SET n = n + 1 RETURNING n)
INSERT INTO project_locations (project, title, themes, region_codes, location, event_seq,
                               published, organisation, attrs)
VALUES ($1, $2, string_to_array($3, ','), string_to_array($4, ','),
        public.ST_SetSRID(public.ST_MakePoint($6, $5), 4326), $7, $8, $9, $10::jsonb)
ON CONFLICT (project, published) DO UPDATE SET
  title = EXCLUDED.title, themes = EXCLUDED.themes, region_codes = EXCLUDED.region_codes,
  location = EXCLUDED.location, event_seq = EXCLUDED.event_seq,
  organisation = EXCLUDED.organisation, attrs = EXCLUDED.attrs
WHERE project_locations.event_seq < EXCLUDED.event_seq)sql";

// Boxes arrive pre-split at the antimeridian ($1..$4 and $5..$8 may repeat).
constexpr char kSearch[] = R"sql(
SELECT project, title, public.ST_Y(location), public.ST_X(location),
       array_to_string(themes, ','), array_to_string(region_codes, ',')
FROM project_locations
WHERE (location OPERATOR(public.&&) public.ST_MakeEnvelope($1, $2, $3, $4, 4326)
    OR location OPERATOR(public.&&) public.ST_MakeEnvelope($5, $6, $7, $8, 4326))
  AND published <> ($10 OR ($11 <> '' AND organisation = $11))
ORDER BY project
LIMIT $9)sql";

std::vector<std::string> Split(const pqxx::field& f) {
  std::string s = f.as<std::string>();
  if (s.empty()) return {};
  return absl::StrSplit(s, ',');
}

nlohmann::json Attrs(const MapProject& p) {
  return {{"title", {{"en", p.title[0]}, {"fr", p.title[1]}, {"ar", p.title[2]}}},
          {"lang", p.original_language},
          {"status", p.status},
          {"themes", p.themes},
          {"regions", p.regions},
          {"provinces", p.provinces},
          {"diaspora", p.diaspora_countries},
          {"targets", p.target_groups},
          {"orgs", p.organisations},
          {"budgetEur", p.budget_eur},
          {"years", {p.year_from, p.year_to}},
          {"demo", p.demo}};
}

std::vector<std::string> Strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array()) {
    for (const auto& v : j[key]) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

MapProject FromRow(const pqxx::row& row) {
  MapProject p;
  p.name = row[0].as<std::string>();
  p.published = row[1].as<bool>();
  p.organisation = row[2].as<std::string>();
  p.has_point = !row[3].is_null();
  if (p.has_point) {
    p.lng = row[3].as<double>();
    p.lat = row[4].as<double>();
  }
  nlohmann::json a = nlohmann::json::parse(row[5].as<std::string>(), nullptr, false);
  if (!a.is_object()) a = nlohmann::json::object();
  const nlohmann::json title = a.value("title", nlohmann::json::object());
  p.title = {title.value("en", ""), title.value("fr", ""), title.value("ar", "")};
  if (p.title[1].empty() && p.title[0].empty() && p.title[2].empty()) {
    p.title[1] = row[6].as<std::string>();  // rows written before attrs existed
  }
  p.original_language = a.value("lang", "");
  p.status = a.value("status", "");
  p.themes = a.contains("themes") ? Strings(a, "themes") : Split(row[7]);
  p.regions = a.contains("regions") ? Strings(a, "regions") : Split(row[8]);
  p.provinces = Strings(a, "provinces");
  p.diaspora_countries = Strings(a, "diaspora");
  p.target_groups = Strings(a, "targets");
  p.organisations = Strings(a, "orgs");
  p.budget_eur = a.value("budgetEur", 0.0);
  if (a.contains("years") && a["years"].is_array() && a["years"].size() == 2) {
    p.year_from = a["years"][0].get<int>();
    p.year_to = a["years"][1].get<int>();
  }
  p.demo = a.value("demo", false);
  return p;
}

}  // namespace

void UpsertVersion(pqxx::work& tx, const MapProject& p, uint64_t event_seq) {
  std::optional<double> lat, lng;
  if (p.has_point) {
    lat = p.lat;
    lng = p.lng;
  }
  tx.exec_params0(kUpsert, p.name, p.title[1].empty() ? p.title[0] : p.title[1],
                  absl::StrJoin(p.themes, ","), absl::StrJoin(p.regions, ","), lat, lng,
                  static_cast<int64_t>(event_seq), p.published, p.organisation,
                  core::DumpJson(Attrs(p)));
}

void RemoveVersion(pqxx::work& tx, const std::string& project, bool published, uint64_t event_seq) {
  tx.exec_params0(
      "WITH bump AS (UPDATE model_generation SET n = n + 1 RETURNING n) "
      "DELETE FROM project_locations WHERE project = $1 AND published = $2 AND event_seq < $3",
      project, published, static_cast<int64_t>(event_seq));
}

absl::StatusOr<SearchResult> SearchLocations(db::Pool& pool, const Bbox& box, int limit,
                                             const Viewer& viewer) {
  std::vector<Bbox> parts = SplitAtAntimeridian(box);
  const Bbox& a = parts[0];
  const Bbox& b = parts.back();
  SearchResult out;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    auto page = db::TakePage<ProjectLocation>(
        tx.exec_params(kSearch, a.west, a.south, a.east, a.north, b.west, b.south, b.east, b.north,
                       limit + 1, viewer.sees_all, viewer.organisation),
        limit, [](const pqxx::row& row, int64_t*) {
          return ProjectLocation{row[0].as<std::string>(),
                                 row[1].as<std::string>(),
                                 row[2].as<double>(),
                                 row[3].as<double>(),
                                 Split(row[4]),
                                 Split(row[5])};
        });
    out.locations = std::move(page.items);
    out.truncated = page.more;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<int64_t> ModelGeneration(db::Pool& pool) {
  int64_t n = 0;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    n = tx.exec("SELECT n FROM model_generation")[0][0].as<int64_t>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return n;
}

absl::StatusOr<std::shared_ptr<const MapModel>> LoadModel(db::Pool& pool, LoadedAreas* cache) {
  std::vector<MapProject> rows;
  std::vector<Area> areas;
  int64_t generation = 0;
  // The generation is read first: rows newer than it only make the next
  // check reload again.
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    const pqxx::row head =
        tx.exec1("SELECT n, (SELECT version FROM reference_version) FROM model_generation");
    generation = head[0].as<int64_t>();
    const std::string version = head[1].is_null() ? std::string() : head[1].as<std::string>();
    for (const auto& row :
         tx.exec("SELECT project, published, organisation, public.ST_X(location), "
                 "public.ST_Y(location), attrs::text, title, array_to_string(themes, ','), "
                 "array_to_string(region_codes, ',') FROM project_locations")) {
      rows.push_back(FromRow(row));
    }
    if (cache != nullptr && !version.empty() && cache->version == version) {
      areas = cache->areas;
      return absl::OkStatus();
    }
    for (const auto& row :
         tx.exec("SELECT level, code, parent, name_en, name_fr, name_ar, name_tfng, population, "
                 "population_source, public.ST_X(label), public.ST_Y(label) "
                 "FROM reference_areas WHERE label IS NOT NULL ORDER BY level, code")) {
      Area a;
      a.level = row[0].as<std::string>();
      a.code = row[1].as<std::string>();
      a.parent = row[2].as<std::string>();
      a.name = {row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>()};
      a.name_tfng = row[6].as<std::string>();
      a.population = row[7].is_null() ? -1 : row[7].as<int64_t>();
      a.population_source = row[8].as<std::string>();
      a.label_lng = row[9].as<double>();
      a.label_lat = row[10].as<double>();
      areas.push_back(std::move(a));
    }
    if (cache != nullptr) *cache = {.version = version, .areas = areas};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return std::make_shared<const MapModel>(std::move(rows), std::move(areas), generation);
}

absl::StatusOr<int64_t> PgMapStore::Generation() { return ModelGeneration(pool_); }

absl::StatusOr<std::shared_ptr<const MapModel>> PgMapStore::Load() {
  std::lock_guard lock(areas_mu_);
  return LoadModel(pool_, &areas_);
}

absl::StatusOr<SearchResult> PgMapStore::Search(const Bbox& box, int limit, const Viewer& viewer) {
  return SearchLocations(pool_, box, limit, viewer);
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PgMapStore::AreaGeometries(
    const std::string& level, int band) {
  return geo::AreaGeometries(pool_, level, band);
}

absl::StatusOr<std::string> PgMapStore::BoundaryTile(int z, int x, int y) {
  return geo::BoundaryTile(pool_, z, x, y);
}

}  // namespace atlas::geo
