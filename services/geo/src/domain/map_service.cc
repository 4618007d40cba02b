// Map queries, rendered for HTTP.
#include "geo/domain/map_service.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "atlas/core/hash.h"
#include "atlas/core/json.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
#include "geo/domain/bbox.h"
#include "geo/domain/tiles.h"

namespace atlas::geo {
namespace {

using nlohmann::json;

constexpr char kGeoJson[] = "application/geo+json; charset=utf-8";
constexpr char kAttribution[] =
    "Boundaries © OpenStreetMap contributors (ODbL), via morocco-map; countries: Natural Earth";
constexpr core::Text kLayer = {"must be boundaries or projects", "doit être boundaries ou projects",
                               "يجب أن تكون boundaries أو projects"};
constexpr core::Text kNotReady = {"the map is loading; try again in a moment",
                                  "la carte est en cours de chargement ; réessayez dans un instant",
                                  "الخريطة قيد التحميل؛ أعد المحاولة بعد لحظة"};

// What a per-capita value is divided by, at each level (the areas'
// populations come from scripts/gen-geo-reference): named in the answer so
// that every legend and tooltip says it, with its year and source.
json Denominator(const std::string& level) {
  if (level == "region") {
    return {{"measure",
             {{"fr", "population légale (recensement)"},
              {"ar", "السكان القانونيون (الإحصاء العام)"},
              {"en", "legal population (census)"}}},
            {"year", 2014},
            {"source", "Haut-Commissariat au Plan (HCP), RGPH 2014, population légale par région"},
            {"url", "https://www.hcp.ma"}};
  }
  return {{"measure",
           {{"fr", "Marocains immatriculés dans les consulats (pays de résidence)"},
            {"ar", "المغاربة المسجلون في القنصليات (بلد الإقامة)"},
            {"en", "Moroccans registered at consulates (country of residence)"}}},
          {"year", 2004},
          {"source",
           "Moroccan consular data (2004) in P. Fargues (ed.), Mediterranean Migration 2005 "
           "Report, pp. 231–232"},
          {"url", "/statistics?dataset=consular-2004"}};
}

// Public answers may sit in shared caches for `shared_max_age` seconds;
// browsers revalidate them on every use (a 304 when unchanged), so an open
// atlas sees a published project as soon as it reloads its tiles. Personal
// answers only in the caller's cache.
std::string CachePolicy(const Viewer& v, int shared_max_age) {
  if (v.sees_all || !v.organisation.empty()) return "private, no-cache";
  return absl::StrFormat("public, max-age=0, s-maxage=%d", shared_max_age);
}

std::vector<std::string> DominantThemes(const ClusterIndex::Cluster& c,
                                        const std::vector<std::string>& slots) {
  std::vector<std::pair<uint32_t, int>> ranked;
  for (int i = 0; i < kMaxThemes && i < static_cast<int>(slots.size()); ++i) {
    if (c.theme_counts[i] > 0) ranked.emplace_back(c.theme_counts[i], i);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < ranked.size() && i < 3; ++i) out.push_back(slots[ranked[i].second]);
  return out;
}

json PointProperties(const Placed& p, core::Lang lang) {
  core::Lang shown = lang;
  const std::string& title = TitleIn(*p.project, lang, &shown);
  json props = {{"project", p.project->name},
                {"title", title},
                {"titleLanguage", core::LanguageTag(shown)},
                {"themes", p.project->themes},
                {"status", p.project->status},
                {"approximate", p.approximate}};
  if (p.project->demo) props["demo"] = true;
  return props;
}

// A GeoJSON FeatureCollection of the clusters and projects in `box` at `zoom`.
Rendered RenderFeatures(const ProjectIndex& index, const Bbox& box, int zoom, core::Lang lang,
                        int64_t generation) {
  std::vector<ClusterIndex::Node> nodes;
  index.clusters.Query(box, zoom, &nodes);
  json features = json::array();
  for (const auto& n : nodes) {
    json f = {{"type", "Feature"},
              {"geometry", {{"type", "Point"}, {"coordinates", {n.lng, n.lat}}}}};
    if (n.is_cluster) {
      const ClusterIndex::Cluster& c = index.clusters.cluster(n.id);
      f["bbox"] = {c.west, c.south, c.east, c.north};
      f["properties"] = {{"cluster", true},
                         {"clusterId", n.id},
                         {"count", n.count},
                         {"expansionZoom", index.clusters.ExpansionZoom(n.id)},
                         {"dominantThemes", DominantThemes(c, index.theme_slots)}};
    } else {
      const Placed& p = index.placed[n.id];
      f["id"] = p.project->name;
      f["properties"] = PointProperties(p, lang);
      f["properties"]["cluster"] = false;
    }
    features.push_back(std::move(f));
  }
  json out = {{"type", "FeatureCollection"},
              {"features", std::move(features)},
              {"zoom", zoom},
              {"total", index.placed.size()},
              {"generation", generation}};
  std::string body = core::DumpJson(out);
  std::string etag = core::StrongEtag(body);
  return {std::move(body), std::move(etag)};
}

// The `clusters` and `projects` layers of tile `t`.
Rendered RenderTile(const ProjectIndex& index, const TileId& t, core::Lang lang) {
  std::vector<ClusterIndex::Node> nodes;
  // Clusters are made for 512-pixel tiles: a 4096-unit tile's 64-unit buffer
  // keeps the markers at the edges whole.
  index.clusters.Query(TileBounds(t, 64), t.z, &nodes);
  MvtLayer clusters("clusters"), points("projects");
  for (const auto& n : nodes) {
    auto [px, py] = TilePixel(t, n.lng, n.lat);
    if (n.is_cluster) {
      const ClusterIndex::Cluster& c = index.clusters.cluster(n.id);
      std::vector<std::string> themes = DominantThemes(c, index.theme_slots);
      clusters.AddPoint(
          n.id, px, py,
          {{"cluster_id", static_cast<int64_t>(n.id)},
           {"count", static_cast<int64_t>(n.count)},
           {"expansion_zoom", static_cast<int64_t>(index.clusters.ExpansionZoom(n.id))},
           {"theme", themes.empty() ? std::string() : themes[0]}});
    } else {
      const Placed& p = index.placed[n.id];
      core::Lang shown = lang;
      const std::string& title = TitleIn(*p.project, lang, &shown);
      points.AddPoint(n.id, px, py,
                      {{"project", p.project->name},
                       {"title", title},
                       {"theme", p.project->themes.empty() ? std::string() : p.project->themes[0]},
                       {"themes", absl::StrJoin(p.project->themes, ",")},
                       {"status", p.project->status},
                       {"approximate", p.approximate}});
    }
  }
  std::string bytes = clusters.Encode() + points.Encode();
  std::string etag = core::StrongEtag(bytes);
  return {std::move(bytes), std::move(etag)};
}

}  // namespace

MapService::MapService(MapStore& store, MapModelHolder& model, std::string public_base_url)
    : store_(store), model_(model), public_base_url_(std::move(public_base_url)) {}

absl::StatusOr<std::shared_ptr<const MapModel>> MapService::Model() {
  std::shared_ptr<const MapModel> model = model_.Current();
  if (!model) return core::Error(absl::StatusCode::kUnavailable, kNotReady);
  return model;
}

absl::StatusOr<SearchResult> MapService::Locations(const std::string& bbox, int page_size,
                                                   const Viewer& viewer) {
  absl::StatusOr<Bbox> box = ParseBbox(bbox);
  if (!box.ok()) return box.status();
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(page_size, "", kDefaultLocations, kMaxLocations);
  if (!page.ok()) return page.status();
  return store_.Search(*box, page->limit, viewer);
}

absl::StatusOr<MapAnswer> MapService::Features(const std::string& bbox, int zoom,
                                               const MapFilter& filter, core::Lang lang,
                                               const Viewer& viewer) {
  absl::StatusOr<Bbox> box = ParseBbox(bbox);
  if (!box.ok()) return box.status();
  if (absl::Status z = CheckZoom(zoom); !z.ok()) return z;
  auto model = Model();
  if (!model.ok()) return model.status();
  std::shared_ptr<const ProjectIndex> index = (*model)->Index(viewer, filter);
  const std::string key = absl::StrFormat("f|%.17g,%.17g,%.17g,%.17g|%d|%d", box->west, box->south,
                                          box->east, box->north, zoom, static_cast<int>(lang));
  std::shared_ptr<const Rendered> r = index->Render(
      key, [&] { return RenderFeatures(*index, *box, zoom, lang, (*model)->generation()); });
  return MapAnswer{kGeoJson, r->body, r->etag, CachePolicy(viewer, 30)};
}

absl::StatusOr<std::shared_ptr<const std::map<std::string, std::string>>> MapService::Geometries(
    const std::string& level, int zoom) {
  const int band = zoom < 3 ? 2 : zoom < 6 ? 5 : zoom < 9 ? 8 : 11;
  const std::string key = level + "/" + std::to_string(band);
  {
    std::lock_guard lock(cache_mu_);
    auto it = geometries_.find(key);
    if (it != geometries_.end()) return it->second;
  }
  auto rows = store_.AreaGeometries(level, band);
  if (!rows.ok()) return rows.status();
  auto map = std::make_shared<const std::map<std::string, std::string>>(rows->begin(), rows->end());
  std::lock_guard lock(cache_mu_);
  geometries_[key] = map;
  return map;
}

absl::StatusOr<MapAnswer> MapService::Areas(const AreaQuery& q, std::optional<int> zoom,
                                            const MapFilter& filter, core::Lang lang,
                                            const Viewer& viewer) {
  if (absl::Status s = CheckAreaQuery(q); !s.ok()) return s;
  if (zoom) {
    if (absl::Status s = CheckZoom(*zoom); !s.ok()) return s;
  }
  auto loaded = Model();
  if (!loaded.ok()) return loaded.status();
  const std::shared_ptr<const MapModel>& model = *loaded;
  auto geometries = Geometries(q.level, zoom.value_or(5));
  if (!geometries.ok()) return geometries.status();
  AreaReport report = ComputeAreas(*model, model->Select(viewer, filter), q);
  const int l = static_cast<int>(lang);
  // Geometries are GeoJSON text from PostGIS: the features are assembled as
  // text around them (parsing them back would only cost time).
  std::string features;
  for (const AreaStat& s : report.areas) {
    auto g = (*geometries)->find(s.area->code);
    if (g == (*geometries)->end()) continue;
    json props = {
        {"code", s.area->code},
        {"name", s.area->name[l]},
        {"names", {{"fr", s.area->name[1]}, {"ar", s.area->name[2]}, {"en", s.area->name[0]}}},
        {"count", s.count},
        {"budgetEur", s.budget_eur},
        {"value", s.value ? json(*s.value) : json(nullptr)},
        {"class", s.klass},
        {"noData", s.no_data.empty() ? json(nullptr) : json(s.no_data)},
        {"gap", s.count == 0},
        {"themes", s.themes}};
    if (!s.area->name_tfng.empty()) props["names"]["tfng"] = s.area->name_tfng;
    if (!s.area->parent.empty()) props["parent"] = s.area->parent;
    if (s.area->population >= 0) {
      props["population"] = s.area->population;
      props["populationSource"] = s.area->population_source;
    }
    if (!features.empty()) features += ",";
    absl::StrAppend(&features, R"({"type":"Feature","id":)", core::DumpJson(json(s.area->code)),
                    R"(,"geometry":)", g->second, R"(,"properties":)", core::DumpJson(props), "}");
  }
  json meta = {{"level", q.level},
               {"metric", q.metric},
               {"classification", q.classification},
               {"breaks", report.breaks},
               {"totals",
                {{"projects", report.projects},
                 {"budgetEur", report.budget_eur},
                 {"unlocatedProjects", report.unlocated_projects},
                 {"unlocatedBudgetEur", report.unlocated_budget_eur}}},
               {"attribution", kAttribution},
               {"generation", model->generation()}};
  if (q.metric == "budget_per_capita") meta["denominator"] = Denominator(q.level);
  if (q.metric != "count") meta["currency"] = {{"code", "EUR"}, {"indicative", true}};
  std::string body = core::DumpJson(meta);
  body.pop_back();  // "}": the features join the object
  absl::StrAppend(&body, R"(,"type":"FeatureCollection","features":[)", features, "]}");
  std::string etag = core::StrongEtag(body);
  return MapAnswer{kGeoJson, std::move(body), std::move(etag), CachePolicy(viewer, 30)};
}

absl::StatusOr<std::shared_ptr<const std::string>> MapService::CachedBoundaryTile(int z, int x,
                                                                                  int y) {
  const std::string key = absl::StrFormat("%d/%d/%d", z, x, y);
  if (auto cached = tiles_.Get(key)) return cached;
  absl::StatusOr<std::string> tile = store_.BoundaryTile(z, x, y);
  if (!tile.ok()) return tile.status();
  auto shared = std::make_shared<const std::string>(*std::move(tile));
  tiles_.Put(key, shared);
  return shared;
}

absl::StatusOr<MapAnswer> MapService::Tile(const std::string& layer, int z, int x,
                                           const std::string& y, const MapFilter& filter,
                                           core::Lang lang, const Viewer& viewer) {
  absl::StatusOr<TileId> tile = ParseTile(z, x, y);
  if (layer != "boundaries" && layer != "projects") {
    return core::InvalidFields({core::Violation("layer", kLayer)});
  }
  if (!tile.ok()) return tile.status();
  constexpr char kMvt[] = "application/vnd.mapbox-vector-tile";
  if (layer == "boundaries") {
    auto bytes = CachedBoundaryTile(tile->z, tile->x, tile->y);
    if (!bytes.ok()) return bytes.status();
    return MapAnswer{kMvt, **bytes, core::StrongEtag(**bytes), "public, max-age=86400"};
  }
  auto model = Model();
  if (!model.ok()) return model.status();
  std::shared_ptr<const ProjectIndex> index = (*model)->Index(viewer, filter);
  const std::string key =
      absl::StrFormat("t|%d/%d/%d|%d", tile->z, tile->x, tile->y, static_cast<int>(lang));
  std::shared_ptr<const Rendered> r =
      index->Render(key, [&] { return RenderTile(*index, *tile, lang); });
  return MapAnswer{kMvt, r->body, r->etag, CachePolicy(viewer, 30)};
}

absl::StatusOr<MapAnswer> MapService::TileJson(const std::string& layer) {
  const bool boundaries = layer == "boundaries";
  if (!boundaries && layer != "projects") {
    return core::InvalidFields({core::Violation("layer", kLayer)});
  }
  json names = {
      {"code", "String"}, {"name_fr", "String"}, {"name_ar", "String"}, {"name_en", "String"}};
  json layers = boundaries ? json::array({{{"id", "countries"}, {"fields", names}},
                                          {{"id", "regions"}, {"fields", names}},
                                          {{"id", "provinces"}, {"fields", names}, {"minzoom", 5}},
                                          {{"id", "labels"}, {"fields", names}}})
                           : json::array({{{"id", "clusters"},
                                           {"fields",
                                            {{"cluster_id", "Number"},
                                             {"count", "Number"},
                                             {"expansion_zoom", "Number"},
                                             {"theme", "String"}}}},
                                          {{"id", "projects"},
                                           {"fields",
                                            {{"project", "String"},
                                             {"title", "String"},
                                             {"theme", "String"},
                                             {"themes", "String"},
                                             {"status", "String"},
                                             {"approximate", "Boolean"}}}}});
  json doc = {{"tilejson", "3.0.0"},
              {"name", boundaries ? "Sharaka Atlas boundaries" : "Sharaka Atlas projects"},
              {"tiles", {public_base_url_ + "/v1/tiles/" + layer + "/{z}/{x}/{y}.mvt"}},
              {"minzoom", 0},
              {"maxzoom", boundaries ? 12 : 18},
              {"bounds", {-180, -85.0511, 180, 85.0511}},
              {"center", {-6.8, 32.0, 4}},
              {"attribution", kAttribution},
              {"vector_layers", layers}};
  return MapAnswer{"application/json; charset=utf-8", core::DumpJson(doc), "",
                   "public, max-age=3600"};
}

}  // namespace atlas::geo
