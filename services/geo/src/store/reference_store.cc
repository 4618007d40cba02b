// Reference geography: load, boundary tiles, area geometries.
#include "geo/store/reference_store.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_format.h"
#include "atlas/core/hash.h"
#include "atlas/core/json.h"
#include "atlas/core/log.h"
#include "atlas/db/pool.h"

namespace atlas::geo {
namespace {

// Morocco and Natural Earth's Western Sahara arrive as two features with
// the same code: the second is merged into the first. Natural Earth's rings
// may cross the antimeridian (179.9 then -179.9, as d3-geo draws them): on a
// flat map such an edge spans the world (Russia's and Fiji's showed as bands
// across the choropleth). An outline wider than 180° that is less than 180°
// wide once its western longitudes are shifted by +360 is cut at 180 and
// what lies east of it moved back by -360. Antarctica, all longitudes wide, stays
// as it is (its closing edge runs along its southern side).
constexpr char kInsert[] = R"sql(
WITH raw AS (SELECT public.ST_SetSRID(public.ST_GeomFromGeoJSON($11), 4326) AS g),
cut AS (
  SELECT CASE WHEN public.ST_XMax(g) - public.ST_XMin(g) > 180
                AND public.ST_XMax(public.ST_ShiftLongitude(g))
                    - public.ST_XMin(public.ST_ShiftLongitude(g)) < 180
              THEN public.ST_Collect(
                     public.ST_CollectionExtract(public.ST_Intersection(
                       public.ST_MakeValid(public.ST_ShiftLongitude(g)),
                       public.ST_MakeEnvelope(0, -90, 180, 90, 4326)), 3),
                     public.ST_Translate(public.ST_CollectionExtract(public.ST_Intersection(
                       public.ST_MakeValid(public.ST_ShiftLongitude(g)),
                       public.ST_MakeEnvelope(180, -90, 360, 90, 4326)), 3), -360, 0))
              ELSE g END AS g
  FROM raw)
INSERT INTO reference_areas (level, code, parent, name_fr, name_ar, name_en, name_tfng,
                             population, population_source, source, geom)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
       public.ST_Multi(public.ST_CollectionExtract(public.ST_MakeValid(cut.g), 3))
FROM cut
ON CONFLICT (level, code) DO UPDATE SET
  geom = public.ST_Multi(public.ST_CollectionExtract(
           public.ST_Union(reference_areas.geom, EXCLUDED.geom), 3)))sql";

// Part of the loaded version: a change to how the file is loaded reloads it.
constexpr int kLoader = 2;  // 2: outlines cut at the antimeridian

// Display geometries per zoom band: clipped to Web Mercator's latitudes,
// simplified to about one pixel (512-pixel tiles) at the band's top zoom.
constexpr char kDerive[] = R"sql(
WITH m AS (
  SELECT level, code,
         public.ST_Transform(public.ST_ClipByBox2D(
           geom, public.ST_MakeEnvelope(-180, -85.0511, 180, 85.0511, 4326)), 3857) AS g
  FROM reference_areas)
UPDATE reference_areas r SET
  tile_z0 = public.ST_Multi(public.ST_CollectionExtract(public.ST_MakeValid(
              public.ST_SimplifyPreserveTopology(m.g, 9784)), 3)),
  tile_z4 = public.ST_Multi(public.ST_CollectionExtract(public.ST_MakeValid(
              public.ST_SimplifyPreserveTopology(m.g, 1223)), 3)),
  tile_z7 = public.ST_Multi(public.ST_CollectionExtract(public.ST_MakeValid(
              public.ST_SimplifyPreserveTopology(m.g, 153)), 3)),
  tile_z10 = public.ST_Multi(public.ST_CollectionExtract(public.ST_MakeValid(m.g), 3)),
  label = public.ST_PointOnSurface(r.geom)
FROM m WHERE m.level = r.level AND m.code = r.code)sql";

// One MVT layer per level (provinces from zoom 5), and the labels.
constexpr char kBoundaryTile[] = R"sql(
WITH env AS (SELECT public.ST_TileEnvelope($1, $2, $3) AS e),
shapes AS (
  SELECT level, code, parent, name_fr, name_ar, name_en,
         public.ST_AsMVTGeom(CASE WHEN $1 < 4 THEN tile_z0 WHEN $1 < 7 THEN tile_z4
                                  WHEN $1 < 10 THEN tile_z7 ELSE tile_z10 END,
                             env.e, 4096, 64, true) AS geom
  FROM reference_areas, env
  WHERE (level <> 'province' OR $1 >= 5)
    AND tile_z10 OPERATOR(public.&&) env.e),
labels AS (
  SELECT level, code, name_fr, name_ar, name_en, name_tfng,
         public.ST_AsMVTGeom(public.ST_Transform(label, 3857), env.e, 4096, 0, true) AS geom
  FROM reference_areas, env
  WHERE (level = 'country' OR (level = 'region' AND $1 >= 4) OR (level = 'province' AND $1 >= 7))
    AND public.ST_Transform(label, 3857) OPERATOR(public.&&) env.e)
SELECT COALESCE((SELECT public.ST_AsMVT(s, 'countries', 4096, 'geom') FROM shapes s
                 WHERE level = 'country' AND geom IS NOT NULL), '')
    || COALESCE((SELECT public.ST_AsMVT(s, 'regions', 4096, 'geom') FROM shapes s
                 WHERE level = 'region' AND geom IS NOT NULL), '')
    || COALESCE((SELECT public.ST_AsMVT(s, 'provinces', 4096, 'geom') FROM shapes s
                 WHERE level = 'province' AND geom IS NOT NULL), '')
    || COALESCE((SELECT public.ST_AsMVT(l, 'labels', 4096, 'geom') FROM labels l
                 WHERE geom IS NOT NULL), ''))sql";

std::string Hash(const std::string& bytes) {
  return absl::StrFormat("%016x-%d-l%d", core::Fnv1a64(bytes), bytes.size(), kLoader);
}

}  // namespace

absl::StatusOr<int> LoadReferenceAreas(db::Pool& pool, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::FailedPreconditionError("cannot read reference geography " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const std::string version = Hash(text);
  int loaded = 0;
  absl::Status s = pool.Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('atlas-geo-reference'))");
    pqxx::result current = tx.exec("SELECT version FROM reference_version");
    if (!current.empty() && current[0][0].as<std::string>() == version) return absl::OkStatus();
    tx.exec0("DELETE FROM reference_areas");
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
      ++number;
      if (line.empty()) continue;
      nlohmann::json a = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (a.is_discarded() || !a.contains("geometry") || !a.contains("code")) {
        return absl::InvalidArgumentError(absl::StrFormat("%s:%d: not an area", path, number));
      }
      std::optional<int64_t> population;
      if (a.contains("population")) population = a["population"].get<int64_t>();
      tx.exec_params0(kInsert, a.value("level", ""), a.value("code", ""), a.value("parent", ""),
                      a.value("name_fr", ""), a.value("name_ar", ""), a.value("name_en", ""),
                      a.value("name_tfng", ""), population, a.value("population_source", ""),
                      a.value("source", ""), core::DumpJson(a["geometry"]));
    }
    tx.exec0(kDerive);
    loaded = tx.exec("SELECT count(*) FROM reference_areas")[0][0].as<int>();
    tx.exec_params0(
        "INSERT INTO reference_version (id, version) VALUES (true, $1) "
        "ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, load_time = now()",
        version);
    tx.exec0("UPDATE model_generation SET n = n + 1");
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return loaded;
}

absl::StatusOr<std::string> BoundaryTile(db::Pool& pool, int z, int x, int y) {
  std::string out;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(kBoundaryTile, z, x, y);
    pqxx::binarystring bytes(r[0][0]);
    out = bytes.str();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AreaGeometries(
    db::Pool& pool, const std::string& level, int zoom) {
  // Tolerance in degrees: about a 512-pixel tile's pixel at `zoom` near Morocco.
  const double tolerance = 360.0 / (512.0 * (1 << std::min(zoom, 16))) * 0.5;
  std::vector<std::pair<std::string, std::string>> out;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row : tx.exec_params(
             "SELECT code, public.ST_AsGeoJSON(public.ST_Multi(public.ST_CollectionExtract("
             "public.ST_MakeValid(public.ST_SimplifyPreserveTopology(geom, $2)), 3)), 5) "
             "FROM reference_areas WHERE level = $1 ORDER BY code",
             level, tolerance)) {
      out.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace atlas::geo
