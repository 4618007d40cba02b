// Region outlines from the reference geography file.
#include "registry/store/region_outlines.h"

#include <fstream>

#include "nlohmann/json.hpp"

namespace atlas::registry {

absl::StatusOr<RegionOutlines> LoadRegionOutlines(const std::string& path, double tolerance) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read the reference geography file " + path);
  RegionOutlines out;
  std::string line;
  while (std::getline(in, line)) {
    // Most lines are provinces and countries: parse only the regions'.
    if (line.find("\"region\"") == std::string::npos) continue;
    const nlohmann::json a = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!a.is_object() || a.value("level", "") != "region" || !a.contains("geometry")) continue;
    const nlohmann::json& g = a["geometry"];
    const std::string type = g.value("type", "");
    std::vector<nlohmann::json> polygons;
    if (type == "Polygon") polygons.push_back(g["coordinates"]);
    if (type == "MultiPolygon") {
      for (const auto& p : g["coordinates"]) polygons.push_back(p);
    }
    std::vector<Ring>& rings = out[a.value("code", "")];
    for (const auto& polygon : polygons) {
      if (!polygon.is_array() || polygon.empty()) continue;
      Ring ring;
      for (const auto& pt : polygon[0]) {
        if (pt.is_array() && pt.size() >= 2 && pt[0].is_number() && pt[1].is_number()) {
          ring.emplace_back(pt[0].get<double>(), pt[1].get<double>());
        }
      }
      Ring simple = Simplify(ring, tolerance);
      if (simple.size() >= 4) rings.push_back(std::move(simple));
    }
  }
  if (out.empty()) return absl::NotFoundError("no region in the reference geography file " + path);
  return out;
}

}  // namespace atlas::registry
