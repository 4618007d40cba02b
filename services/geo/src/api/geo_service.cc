// GeoService handlers.
#include "api/geo_service.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "atlas/core/hash.h"
#include "atlas/core/json.h"
#include "atlas/core/log.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"
#include "domain/areas.h"
#include "domain/bbox.h"
#include "domain/map_model.h"
#include "domain/tiles.h"
#include "store/pg_location_store.h"
#include "store/reference_store.h"

namespace atlas::geo {
namespace {

using nlohmann::json;

constexpr char kGeoJson[] = "application/geo+json; charset=utf-8";
constexpr char kAttribution[] =
    "Boundaries © OpenStreetMap contributors (ODbL), via morocco-map; countries: Natural Earth";

constexpr core::Text kLanguage = {"must be fr, ar or en", "doit être fr, ar ou en",
                                  "يجب أن تكون fr أو ar أو en"};
constexpr core::Text kYears = {"must be a year from 1900 to 2100 (or 0)",
                               "doit être une année de 1900 à 2100 (ou 0)",
                               "يجب أن تكون سنة من 1900 إلى 2100 (أو 0)"};
constexpr core::Text kYearOrder = {"must not be after filter.yearTo",
                                   "ne doit pas dépasser filter.yearTo",
                                   "يجب ألا تتجاوز filter.yearTo"};
constexpr core::Text kTooMany = {"lists at most {0} values", "contient au plus {0} valeurs",
                                 "يضم {0} قيمة على الأكثر"};
constexpr core::Text kCode = {"\"{0}\" is not a code", "« {0} » n'est pas un code",
                              "«{0}» ليس رمزًا"};
constexpr core::Text kLayer = {"must be boundaries or projects", "doit être boundaries ou projects",
                               "يجب أن تكون boundaries أو projects"};
constexpr core::Text kNotReady = {"the map is loading; try again in a moment",
                                  "la carte est en cours de chargement ; réessayez dans un instant",
                                  "الخريطة قيد التحميل؛ أعد المحاولة بعد لحظة"};

bool IsCode(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// Checks and converts a filter; violations under "filter.".
absl::StatusOr<MapFilter> ToFilter(const v1::MapFilter& f) {
  std::vector<core::FieldViolation> bad;
  MapFilter out;
  auto list = [&](const auto& in, const char* field, std::vector<std::string>* to) {
    if (in.size() > 50) {
      bad.push_back(core::Violation(std::string("filter.") + field, kTooMany, {"50"}));
      return;
    }
    for (const auto& v : in) {
      if (!IsCode(v)) {
        bad.push_back(core::Violation(std::string("filter.") + field, kCode,
                                      {absl::CHexEscape(v.substr(0, 40))}));
        return;
      }
      to->push_back(v);
    }
  };
  list(f.themes(), "themes", &out.themes);
  list(f.statuses(), "statuses", &out.statuses);
  list(f.organisations(), "organisations", &out.organisations);
  list(f.diaspora_countries(), "diasporaCountries", &out.diaspora_countries);
  list(f.regions(), "regions", &out.regions);
  list(f.target_groups(), "targetGroups", &out.target_groups);
  auto year = [&](int y, const char* field) {
    if (y != 0 && (y < 1900 || y > 2100)) {
      bad.push_back(core::Violation(std::string("filter.") + field, kYears));
    }
  };
  year(f.year_from(), "yearFrom");
  year(f.year_to(), "yearTo");
  if (f.year_from() != 0 && f.year_to() != 0 && f.year_from() > f.year_to()) {
    bad.push_back(core::Violation("filter.yearFrom", kYearOrder));
  }
  out.year_from = f.year_from();
  out.year_to = f.year_to();
  if (f.within().size() > 100000) {
    bad.push_back(core::Violation("filter.within", kTooMany, {"2000"}));
  } else if (!f.within().empty()) {
    absl::StatusOr<Polygon> within = ParsePolygon(f.within(), "filter.within");
    if (within.ok()) {
      out.within = std::make_shared<const Polygon>(*std::move(within));
      out.within_text = f.within();
    } else {
      for (auto& v : core::FieldViolations(within.status())) bad.push_back(std::move(v));
    }
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return out;
}

absl::StatusOr<core::Lang> ToLang(const std::string& s, grpc::CallbackServerContext* ctx) {
  if (s.empty()) return rpc::CallerLanguage(ctx);
  if (s == "fr") return core::Lang::kFr;
  if (s == "ar") return core::Lang::kAr;
  if (s == "en") return core::Lang::kEn;
  return core::InvalidFields({core::Violation("language", kLanguage)});
}

Viewer ViewerOf(const rpc::Caller& c) {
  return {.sees_all = c.SeesAllOrganisations(), .organisation = c.OrganisationId()};
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

void SetBody(api::v1::HttpBody* resp, const char* type, std::string data) {
  resp->set_content_type(type);
  resp->set_data(std::move(data));
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

MapModelHolder::MapModelHolder(db::Pool& pool, std::chrono::milliseconds poll,
                               prometheus::Registry* metrics)
    : pool_(pool), poll_(poll) {
  if (metrics != nullptr) {
    generation_ = &prometheus::BuildGauge()
                       .Name("atlas_geo_map_model_generation")
                       .Help("Generation of the read model this replica serves from memory")
                       .Register(*metrics)
                       .Add({});
    versions_ = &prometheus::BuildGauge()
                     .Name("atlas_geo_map_model_versions")
                     .Help("Project versions (public and working copies) in the map model")
                     .Register(*metrics)
                     .Add({});
    load_seconds_ = &prometheus::BuildHistogram()
                         .Name("atlas_geo_map_model_load_seconds")
                         .Help("Time to load the map model from PostGIS")
                         .Register(*metrics)
                         .Add({}, prometheus::Histogram::BucketBoundaries{
                                      0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    failures_ = &prometheus::BuildCounter()
                     .Name("atlas_geo_map_model_load_failures_total")
                     .Help("Failed loads of the map model (the previous model keeps serving)")
                     .Register(*metrics)
                     .Add({});
  }
  thread_ = std::thread([this] { Run(); });
}

MapModelHolder::~MapModelHolder() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::shared_ptr<const MapModel> MapModelHolder::Current() const {
  std::lock_guard lock(mu_);
  return model_;
}

void MapModelHolder::Nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  cv_.notify_all();
}

void MapModelHolder::Run() {
  int64_t loaded = -1;
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    absl::StatusOr<int64_t> generation = ModelGeneration(pool_);
    if (generation.ok() && *generation != loaded) {
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<std::shared_ptr<const MapModel>> model = LoadModel(pool_);
      if (load_seconds_ != nullptr) {
        load_seconds_->Observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      if (model.ok()) {
        loaded = (*model)->generation();
        if (generation_ != nullptr) {
          generation_->Set(static_cast<double>(loaded));
          versions_->Set(static_cast<double>((*model)->version_count()));
        }
        lock.lock();
        model_ = *std::move(model);
        lock.unlock();
      } else {
        if (failures_ != nullptr) failures_->Increment();
        log::Warn("map model not reloaded: " + model.status().ToString());
      }
    } else if (!generation.ok()) {
      log::Warn("map model generation unknown: " + generation.status().ToString());
    }
    lock.lock();
    cv_.wait_for(lock, poll_, [this] { return stop_ || nudged_; });
    nudged_ = false;
  }
}

GeoServiceImpl::GeoServiceImpl(db::Pool& pool, rpc::Authorizer& authz, MapModelHolder& model,
                               std::string public_base_url)
    : pool_(pool), authz_(authz), model_(model), public_base_url_(std::move(public_base_url)) {}

grpc::ServerUnaryReactor* GeoServiceImpl::SearchProjectLocations(
    grpc::CallbackServerContext* ctx, const v1::SearchProjectLocationsRequest* req,
    v1::SearchProjectLocationsResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.geo.v1.GeoService.SearchProjectLocations");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<Bbox> box = ParseBbox(req->bbox());
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req->page_size(), "", kDefaultLocations, kMaxLocations);
  absl::Status s = box.ok() ? page.status() : box.status();
  if (s.ok()) {
    absl::StatusOr<SearchResult> found =
        SearchLocations(pool_, *box, page->limit, ViewerOf(*caller));
    s = found.status();
    if (found.ok()) {
      for (const auto& l : found->locations) {
        auto* out = resp->add_locations();
        out->set_project(l.project);
        out->set_title(l.title);
        out->mutable_location()->set_latitude(l.lat);
        out->mutable_location()->set_longitude(l.lng);
        for (const auto& t : l.themes) out->add_themes(t);
        for (const auto& r : l.region_codes) out->add_region_codes(r);
      }
      resp->set_truncated(found->truncated);
    }
  }
  return rpc::Finish(ctx, s);
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetMapFeatures(grpc::CallbackServerContext* ctx,
                                                         const v1::GetMapFeaturesRequest* req,
                                                         api::v1::HttpBody* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.geo.v1.GeoService.GetMapFeatures");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<Bbox> box = ParseBbox(req->bbox());
  absl::Status zoom = CheckZoom(req->zoom());
  absl::StatusOr<MapFilter> filter = ToFilter(req->filter());
  absl::StatusOr<core::Lang> lang = ToLang(req->language(), ctx);
  for (const absl::Status& s : {box.status(), zoom, filter.status(), lang.status()}) {
    if (!s.ok()) return rpc::Finish(ctx, s);
  }
  std::shared_ptr<const MapModel> model = model_.Current();
  if (!model) return rpc::Finish(ctx, core::Error(absl::StatusCode::kUnavailable, kNotReady));
  const Viewer viewer = ViewerOf(*caller);
  std::shared_ptr<const ProjectIndex> index = model->Index(viewer, *filter);
  const std::string key =
      absl::StrFormat("f|%.17g,%.17g,%.17g,%.17g|%d|%d", box->west, box->south, box->east,
                      box->north, req->zoom(), static_cast<int>(*lang));
  std::shared_ptr<const Rendered> r = index->Render(
      key, [&] { return RenderFeatures(*index, *box, req->zoom(), *lang, model->generation()); });
  resp->set_etag(r->etag);
  resp->set_cache_control(CachePolicy(viewer, 30));
  SetBody(resp, kGeoJson, r->body);
  return rpc::Finish(ctx, absl::OkStatus());
}

absl::StatusOr<std::shared_ptr<const std::map<std::string, std::string>>>
GeoServiceImpl::Geometries(const std::string& level, int zoom) {
  const int band = zoom < 3 ? 2 : zoom < 6 ? 5 : zoom < 9 ? 8 : 11;
  const std::string key = level + "/" + std::to_string(band);
  {
    std::lock_guard lock(cache_mu_);
    auto it = geometries_.find(key);
    if (it != geometries_.end()) return it->second;
  }
  auto rows = AreaGeometries(pool_, level, band);
  if (!rows.ok()) return rows.status();
  auto map = std::make_shared<const std::map<std::string, std::string>>(rows->begin(), rows->end());
  std::lock_guard lock(cache_mu_);
  geometries_[key] = map;
  return map;
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetMapAreas(grpc::CallbackServerContext* ctx,
                                                      const v1::GetMapAreasRequest* req,
                                                      api::v1::HttpBody* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.geo.v1.GeoService.GetMapAreas");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  AreaQuery q{.level = req->level().empty() ? "region" : req->level(),
              .metric = req->metric().empty() ? "count" : req->metric(),
              .classes = req->classes() == 0 ? 5 : req->classes(),
              .classification = req->classification().empty() ? "quantile" : req->classification()};
  absl::Status checked = CheckAreaQuery(q);
  absl::Status zoom = req->has_zoom() ? CheckZoom(req->zoom()) : absl::OkStatus();
  absl::StatusOr<MapFilter> filter = ToFilter(req->filter());
  absl::StatusOr<core::Lang> lang = ToLang(req->language(), ctx);
  for (const absl::Status& s : {checked, zoom, filter.status(), lang.status()}) {
    if (!s.ok()) return rpc::Finish(ctx, s);
  }
  std::shared_ptr<const MapModel> model = model_.Current();
  if (!model) return rpc::Finish(ctx, core::Error(absl::StatusCode::kUnavailable, kNotReady));
  auto geometries = Geometries(q.level, req->has_zoom() ? req->zoom() : 5);
  if (!geometries.ok()) return rpc::Finish(ctx, geometries.status());
  const Viewer viewer = ViewerOf(*caller);
  AreaReport report = ComputeAreas(*model, model->Select(viewer, *filter), q);
  const int l = static_cast<int>(*lang);
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
  std::string body = core::DumpJson(meta);
  body.pop_back();  // "}": the features join the object
  absl::StrAppend(&body, R"(,"type":"FeatureCollection","features":[)", features, "]}");
  resp->set_etag(core::StrongEtag(body));
  resp->set_cache_control(CachePolicy(viewer, 30));
  SetBody(resp, kGeoJson, std::move(body));
  return rpc::Finish(ctx, absl::OkStatus());
}

absl::StatusOr<std::shared_ptr<const std::string>> GeoServiceImpl::CachedBoundaryTile(int z, int x,
                                                                                      int y) {
  const std::string key = absl::StrFormat("%d/%d/%d", z, x, y);
  if (auto cached = tiles_.Get(key)) return cached;
  absl::StatusOr<std::string> tile = geo::BoundaryTile(pool_, z, x, y);
  if (!tile.ok()) return tile.status();
  auto shared = std::make_shared<const std::string>(*std::move(tile));
  tiles_.Put(key, shared);
  return shared;
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetTile(grpc::CallbackServerContext* ctx,
                                                  const v1::GetTileRequest* req,
                                                  api::v1::HttpBody* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.geo.v1.GeoService.GetTile");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<TileId> tile = ParseTile(req->z(), req->x(), req->y());
  absl::Status layer = req->layer() == "boundaries" || req->layer() == "projects"
                           ? absl::OkStatus()
                           : core::InvalidFields({core::Violation("layer", kLayer)});
  absl::StatusOr<MapFilter> filter = ToFilter(req->filter());
  absl::StatusOr<core::Lang> lang = ToLang(req->language(), ctx);
  for (const absl::Status& s : {layer, tile.status(), filter.status(), lang.status()}) {
    if (!s.ok()) return rpc::Finish(ctx, s);
  }
  const Viewer viewer = ViewerOf(*caller);
  resp->set_content_type("application/vnd.mapbox-vector-tile");
  if (req->layer() == "boundaries") {
    auto bytes = CachedBoundaryTile(tile->z, tile->x, tile->y);
    if (!bytes.ok()) return rpc::Finish(ctx, bytes.status());
    resp->set_data(**bytes);
    resp->set_etag(core::StrongEtag(**bytes));
    resp->set_cache_control("public, max-age=86400");
    return rpc::Finish(ctx, absl::OkStatus());
  }
  std::shared_ptr<const MapModel> model = model_.Current();
  if (!model) return rpc::Finish(ctx, core::Error(absl::StatusCode::kUnavailable, kNotReady));
  std::shared_ptr<const ProjectIndex> index = model->Index(viewer, *filter);
  const std::string key =
      absl::StrFormat("t|%d/%d/%d|%d", tile->z, tile->x, tile->y, static_cast<int>(*lang));
  std::shared_ptr<const Rendered> r =
      index->Render(key, [&] { return RenderTile(*index, *tile, *lang); });
  resp->set_etag(r->etag);
  resp->set_cache_control(CachePolicy(viewer, 30));
  resp->set_data(r->body);
  return rpc::Finish(ctx, absl::OkStatus());
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetTileJson(grpc::CallbackServerContext* ctx,
                                                      const v1::GetTileJsonRequest* req,
                                                      api::v1::HttpBody* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.geo.v1.GeoService.GetTileJson");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  const bool boundaries = req->layer() == "boundaries";
  if (!boundaries && req->layer() != "projects") {
    return rpc::Finish(ctx, core::InvalidFields({core::Violation("layer", kLayer)}));
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
              {"tiles", {public_base_url_ + "/v1/tiles/" + req->layer() + "/{z}/{x}/{y}.mvt"}},
              {"minzoom", 0},
              {"maxzoom", boundaries ? 12 : 18},
              {"bounds", {-180, -85.0511, 180, 85.0511}},
              {"center", {-6.8, 32.0, 4}},
              {"attribution", kAttribution},
              {"vector_layers", layers}};
  resp->set_cache_control("public, max-age=3600");
  SetBody(resp, "application/json; charset=utf-8", core::DumpJson(doc));
  return rpc::Finish(ctx, absl::OkStatus());
}

}  // namespace atlas::geo
