// A polygon a caller draws to restrict the map ("projects within this area"):
// GeoJSON Polygon geometry, checked before use.
#ifndef ATLAS_GEO_DOMAIN_POLYGON_H_
#define ATLAS_GEO_DOMAIN_POLYGON_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace atlas::geo {

struct Polygon {
  // Rings of (lng, lat); the first is the outer ring, the others holes.
  // Closed: the last position repeats the first.
  std::vector<std::vector<std::pair<double, double>>> rings;
  // Even-odd rule over every ring (holes excluded).
  bool Contains(double lng, double lat) const;
};

inline constexpr size_t kMaxPolygonPositions = 2000;

// Parses `text` (a GeoJSON Polygon, RFC 7946) and checks it: numbers finite
// and in range, every ring closed with at least four positions, no ring
// crossing itself or another, at most kMaxPolygonPositions positions.
// INVALID_ARGUMENT naming `field` with what is wrong otherwise.
absl::StatusOr<Polygon> ParsePolygon(std::string_view text, const std::string& field);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_POLYGON_H_
