// The map's domain logic without a database: filters and visibility,
// approximate placement, choropleth sums and class breaks, tile addressing
// and pixel arithmetic, drawn polygons.
#include <cmath>
#include <limits>

#include "atlas/core/status.h"
#include "geo/domain/areas.h"
#include "geo/domain/classify.h"
#include "geo/domain/lru_cache.h"
#include "geo/domain/map_model.h"
#include "geo/domain/polygon.h"
#include "geo/domain/tiles.h"
#include "gtest/gtest.h"

namespace atlas::geo {
namespace {

MapProject Project(std::string name, bool published, std::string org, double budget,
                   std::vector<std::string> regions, std::vector<std::string> themes = {"skills"}) {
  MapProject p;
  p.name = std::move(name);
  p.published = published;
  p.organisation = std::move(org);
  p.organisations = {p.organisation};
  p.title = {"", "Titre " + p.name, ""};
  p.budget_eur = budget;
  p.regions = std::move(regions);
  p.themes = std::move(themes);
  return p;
}

std::vector<Area> Areas() {
  Area oriental{.level = "region",
                .code = "MA-02",
                .parent = "MAR",
                .name = {"Oriental", "Oriental", "الشرقية"},
                .name_tfng = "",
                .population = 2314346,
                .population_source = "HCP",
                .label_lng = -2.5,
                .label_lat = 33.5};
  Area souss{.level = "region",
             .code = "MA-09",
             .parent = "MAR",
             .name = {"Souss-Massa", "Souss-Massa", "سوس ماسة"},
             .name_tfng = "",
             .population = 2676847,
             .population_source = "HCP",
             .label_lng = -8.8,
             .label_lat = 30.1};
  Area oujda{.level = "province",
             .code = "MA-OUJ",
             .parent = "MA-02",
             .name = {"Oujda-Angad", "Oujda-Angad", "وجدة أنكاد"},
             .name_tfng = "",
             .population = -1,
             .population_source = "",
             .label_lng = -1.9,
             .label_lat = 34.6};
  return {oriental, souss, oujda};
}

TEST(MapModelTest, EachViewerSeesItsVersion) {
  std::vector<MapProject> rows = {Project("projects/a", true, "assoc", 100, {"MA-02"}),
                                  Project("projects/a", false, "assoc", 150, {"MA-02"}),
                                  Project("projects/draft", false, "assoc", 10, {"MA-09"})};
  rows[1].title[1] = "Titre révisé";
  MapModel model(rows, Areas(), 1);
  auto titles = [&](const Viewer& v) {
    std::vector<std::string> out;
    for (const MapProject* p : model.Select(v, {})) out.push_back(p->title[1]);
    return out;
  };
  EXPECT_EQ(titles({}), std::vector<std::string>{"Titre projects/a"});
  EXPECT_EQ(titles({.sees_all = false, .organisation = "other"}),
            std::vector<std::string>{"Titre projects/a"});
  EXPECT_EQ(titles({.sees_all = false, .organisation = "assoc"}),
            (std::vector<std::string>{"Titre révisé", "Titre projects/draft"}));
  EXPECT_EQ(titles({.sees_all = true, .organisation = ""}).size(), 2u);
}

TEST(MapModelTest, FiltersAndApproximatePoints) {
  std::vector<MapProject> rows = {Project("projects/a", true, "assoc", 100, {"MA-02"}),
                                  Project("projects/b", true, "cdg", 50, {}, {"investment"}),
                                  Project("projects/c", true, "assoc", 70, {"MA-09"})};
  rows[1].provinces = {"MA-OUJ"};  // its region comes from the province
  rows[1].target_groups = {"youth"};
  rows[2].has_point = true;
  rows[2].lng = -9.6;
  rows[2].lat = 30.4;
  rows[2].year_from = 2020;
  rows[2].year_to = 2022;
  MapModel model(rows, Areas(), 1);
  auto count = [&](const MapFilter& f) { return model.Select({}, f).size(); };
  EXPECT_EQ(count({.regions = {"MA-02"}}), 2u);
  EXPECT_EQ(count({.themes = {"investment"}}), 1u);
  EXPECT_EQ(count({.target_groups = {"youth"}}), 1u);
  EXPECT_EQ(count({.organisations = {"assoc"}}), 2u);
  EXPECT_EQ(count({.year_from = 2021, .year_to = 2021}), 1u);
  EXPECT_EQ(count({.year_from = 2023}), 0u);
  auto index = model.Index({}, {});
  ASSERT_EQ(index->placed.size(), 3u);
  for (const Placed& p : index->placed) {
    if (p.project->name == "projects/b") {  // at its province's point
      EXPECT_TRUE(p.approximate);
      EXPECT_DOUBLE_EQ(p.lng, -1.9);
    } else if (p.project->name == "projects/a") {  // at its region's point
      EXPECT_TRUE(p.approximate);
      EXPECT_DOUBLE_EQ(p.lng, -2.5);
    } else {
      EXPECT_FALSE(p.approximate);
    }
  }
  EXPECT_EQ(model.Index({}, {}), index);  // cached
  MapFilter within;
  within.within = std::make_shared<Polygon>(*ParsePolygon(
      R"({"type":"Polygon","coordinates":[[[-4,32],[0,32],[0,36],[-4,36],[-4,32]]]})", "w"));
  within.within_text = "oriental";
  EXPECT_EQ(count(within), 2u);
}

TEST(AreasTest, SumsEqualTheTotalsAndBudgetsSplitEvenly) {
  std::vector<MapProject> rows = {Project("projects/a", true, "o", 100, {"MA-02", "MA-09"}),
                                  Project("projects/b", true, "o", 60, {"MA-02"}),
                                  Project("projects/c", true, "o", 40, {})};
  MapModel model(rows, Areas(), 1);
  AreaReport r = ComputeAreas(model, model.Select({}, {}), {.level = "region", .metric = "budget"});
  ASSERT_EQ(r.areas.size(), 2u);
  EXPECT_EQ(r.projects, 3);
  EXPECT_DOUBLE_EQ(r.budget_eur, 200);
  EXPECT_EQ(r.unlocated_projects, 1);
  double sum = r.unlocated_budget_eur;
  for (const AreaStat& s : r.areas) sum += s.budget_eur;
  EXPECT_DOUBLE_EQ(sum, r.budget_eur);
  EXPECT_DOUBLE_EQ(r.areas[0].budget_eur, 110);  // MA-02: 50 + 60
  EXPECT_EQ(r.areas[0].count, 2);
  EXPECT_EQ(r.areas[0].themes.at("skills"), 2);
  AreaReport pc =
      ComputeAreas(model, model.Select({}, {}), {.level = "region", .metric = "budget_per_capita"});
  EXPECT_DOUBLE_EQ(*pc.areas[1].value, 50.0 / 2676847);
  EXPECT_EQ(pc.areas[1].no_data, "");
  EXPECT_FALSE(CheckAreaQuery({.level = "province", .metric = "budget_per_capita"}).ok());
  EXPECT_FALSE(CheckAreaQuery({.level = "commune"}).ok());
  EXPECT_FALSE(CheckAreaQuery({.classes = 12}).ok());
  EXPECT_FALSE(CheckAreaQuery({.classification = "equal"}).ok());
}

TEST(AreasTest, MissingIsNotZero) {
  // MA-02 has a project with no budget; MA-09 none at all; the third area
  // (no population figure) has a project with a budget.
  std::vector<MapProject> rows = {Project("projects/a", true, "o", 0, {"MA-02"}),
                                  Project("projects/b", true, "o", 80, {"XX-01"})};
  std::vector<Area> areas = Areas();
  areas.push_back({.level = "region",
                   .code = "XX-01",
                   .parent = "MAR",
                   .name = {"Unknown", "Inconnue", "مجهولة"},
                   .name_tfng = "",
                   .population = -1,
                   .population_source = "",
                   .label_lng = 0,
                   .label_lat = 0});
  MapModel model(rows, std::move(areas), 1);
  auto by_code = [](const AreaReport& r, std::string_view code) {
    for (const AreaStat& s : r.areas) {
      if (s.area->code == code) return s;
    }
    return AreaStat{};
  };
  AreaReport budget =
      ComputeAreas(model, model.Select({}, {}), {.level = "region", .metric = "budget"});
  EXPECT_EQ(by_code(budget, "MA-02").no_data, "no_budget");
  EXPECT_FALSE(by_code(budget, "MA-02").value.has_value());
  EXPECT_EQ(by_code(budget, "MA-09").no_data, "");  // no project: a true zero
  EXPECT_DOUBLE_EQ(*by_code(budget, "MA-09").value, 0);
  EXPECT_EQ(by_code(budget, "MA-09").klass, -1);
  AreaReport pc =
      ComputeAreas(model, model.Select({}, {}), {.level = "region", .metric = "budget_per_capita"});
  EXPECT_EQ(by_code(pc, "XX-01").no_data, "no_population");
  EXPECT_FALSE(by_code(pc, "XX-01").value.has_value());
  EXPECT_EQ(by_code(pc, "XX-01").klass, -1);
  EXPECT_DOUBLE_EQ(*by_code(pc, "MA-09").value, 0);
  AreaReport count =
      ComputeAreas(model, model.Select({}, {}), {.level = "region", .metric = "count"});
  for (const AreaStat& s : count.areas) EXPECT_EQ(s.no_data, "") << s.area->code;
}

TEST(LruCacheTest, KeepsTheMostRecentlyUsed) {
  LruCache<int> cache(2);
  cache.Put("a", std::make_shared<int>(1));
  cache.Put("b", std::make_shared<int>(2));
  ASSERT_NE(cache.Get("a"), nullptr);        // "a" is now the most recent
  cache.Put("c", std::make_shared<int>(3));  // evicts "b"
  EXPECT_EQ(cache.Get("b"), nullptr);
  EXPECT_EQ(*cache.Get("a"), 1);
  EXPECT_EQ(*cache.Get("c"), 3);
  cache.Put("a", std::make_shared<int>(4));  // replaces, no growth
  EXPECT_EQ(*cache.Get("a"), 4);
  EXPECT_EQ(*cache.Get("c"), 3);
}

TEST(ClassifyTest, QuantilesAndJenks) {
  EXPECT_EQ(QuantileBreaks({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5),
            (std::vector<double>{2, 4, 6, 8, 10}));
  EXPECT_EQ(QuantileBreaks({3, 3, 3}, 4), std::vector<double>{3});
  EXPECT_TRUE(QuantileBreaks({}, 4).empty());
  // Three obvious groups.
  EXPECT_EQ(JenksBreaks({1, 2, 2, 3, 40, 41, 42, 100, 101}, 3), (std::vector<double>{3, 42, 101}));
  EXPECT_EQ(JenksBreaks({5, 5}, 3), std::vector<double>{5});
}

TEST(TilesTest, HostileTileAddressesAreRefused) {
  EXPECT_TRUE(ParseTile(0, 0, "0.mvt").ok());
  EXPECT_TRUE(ParseTile(22, 4194303, "4194303.mvt").ok());
  for (auto [z, x, y] :
       std::vector<std::tuple<int, int, std::string>>{{-1, 0, "0.mvt"},
                                                      {23, 0, "0.mvt"},
                                                      {3, 8, "0.mvt"},
                                                      {3, -1, "0.mvt"},
                                                      {3, 0, "8.mvt"},
                                                      {3, 0, "1"},
                                                      {3, 0, "1.png"},
                                                      {3, 0, "-1.mvt"},
                                                      {3, 0, ".mvt"},
                                                      {3, 0, "99999999999999999999.mvt"},
                                                      {3, 0, "1.mvt\n"}}) {
    auto t = ParseTile(z, x, y);
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument) << z << "/" << x << "/" << y;
  }
  EXPECT_FALSE(CheckZoom(23).ok());
  EXPECT_FALSE(CheckZoom(-1).ok());
}

TEST(TilesTest, PixelsAndBounds) {
  const TileId world{0, 0, 0};
  EXPECT_EQ(TilePixel(world, 0, 0), (std::pair<int64_t, int64_t>{2048, 2048}));
  EXPECT_EQ(TilePixel(world, -180, 85.0511287798066), (std::pair<int64_t, int64_t>{0, 0}));
  // Oujda at zoom 8 falls inside its tile.
  const TileId t{8, 126, 101};
  const Bbox b = TileBounds(t);
  EXPECT_LT(b.west, -1.91);
  EXPECT_GT(b.east, -1.91);
  auto [x, y] = TilePixel(t, -1.91, 34.68);
  EXPECT_GE(x, 0);
  EXPECT_LE(x, 4096);
  EXPECT_GE(y, 0);
  EXPECT_LE(y, 4096);
  const Bbox wide = TileBounds(t, 64);
  EXPECT_LT(wide.west, b.west);
  EXPECT_GT(wide.north, b.north);
}

TEST(TilesTest, LayerEncodesFeaturesKeysAndValues) {
  MvtLayer layer("projects");
  EXPECT_EQ(layer.Encode(), "");  // no features, no layer
  layer.AddPoint(1, 10, 20, {{"title", std::string("Oujda")}, {"count", int64_t{3}}});
  layer.AddPoint(2, 11, 21, {{"title", std::string("Oujda")}, {"approximate", true}});
  const std::string tile = layer.Encode();
  EXPECT_EQ(tile[0], 0x1a);  // Tile.layers
  EXPECT_NE(tile.find("projects"), std::string::npos);
  // Keys and string values are stored once.
  EXPECT_EQ(tile.find("Oujda"), tile.rfind("Oujda"));
  EXPECT_EQ(tile.find("title"), tile.rfind("title"));
}

TEST(PolygonTest, ChecksWhatACallerDraws) {
  auto code = [](const char* text) { return ParsePolygon(text, "filter.within").status(); };
  EXPECT_TRUE(code(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})").ok());
  // A bow tie crosses itself.
  absl::Status bow = code(R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]})");
  ASSERT_EQ(bow.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(core::MessageIn(bow, core::Lang::kFr).find("se recoupe"), std::string::npos);
  absl::Status open = code(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})");
  EXPECT_NE(core::MessageIn(open, core::Lang::kEn).find("not closed"), std::string::npos);
  EXPECT_FALSE(code(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})").ok());
  EXPECT_FALSE(code(R"({"type":"Polygon","coordinates":[[[0,0],[181,0],[1,1],[0,0]]]})").ok());
  EXPECT_FALSE(code(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,"x"],[0,0]]]})").ok());
  EXPECT_FALSE(code(R"({"type":"Point","coordinates":[0,0]})").ok());
  EXPECT_FALSE(code("not json").ok());
  // "type" of another JSON type is refused, not thrown (found by tests/fuzz/geojson_polygon).
  EXPECT_EQ(code(R"({"type":[[[-8,30],[-2,30],[-2,35]]]})").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(R"({"type":{"a":1},"coordinates":[]})").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(code(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1e999],[0,0]]]})").ok());
  // A hole crossing the outer ring.
  EXPECT_FALSE(code(R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],
                    [[3,1],[5,1],[5,2],[3,2],[3,1]]]})")
                   .ok());
  auto square = ParsePolygon(
      R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]})",
      "w");
  ASSERT_TRUE(square.ok());
  EXPECT_TRUE(square->Contains(3, 3));
  EXPECT_FALSE(square->Contains(1.5, 1.5));  // in the hole
  EXPECT_FALSE(square->Contains(5, 5));
}

}  // namespace
}  // namespace atlas::geo
