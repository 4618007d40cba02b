// Bounding boxes as the map API receives them: "west,south,east,north".
#ifndef ATLAS_GEO_DOMAIN_BBOX_H_
#define ATLAS_GEO_DOMAIN_BBOX_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace atlas::geo {

struct Bbox {
  double west = 0, south = 0, east = 0, north = 0;
  bool operator==(const Bbox&) const = default;
};

// Parses and validates a bbox: four finite numbers, longitudes in
// [-180, 180], latitudes in [-90, 90], south <= north. west > east means the
// box crosses the antimeridian. INVALID_ARGUMENT (field "bbox") otherwise.
absl::StatusOr<Bbox> ParseBbox(std::string_view text);

// The box as one or two boxes that do not cross the antimeridian.
std::vector<Bbox> SplitAtAntimeridian(const Bbox& b);

inline constexpr int kDefaultLocations = 500;
inline constexpr int kMaxLocations = 5000;

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_BBOX_H_
