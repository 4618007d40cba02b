// Bounding-box parsing.
#include "domain/bbox.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "atlas/core/status.h"

namespace atlas::geo {
namespace {

absl::Status Bad(const std::string& why) { return core::InvalidFields({{"bbox", why}}); }

bool ParseNumber(std::string_view s, double* out) {
  if (s.empty() || s.size() > 32) return false;
  std::string buf(s);
  char* end = nullptr;
  *out = std::strtod(buf.c_str(), &end);
  return end == buf.c_str() + buf.size() && std::isfinite(*out);
}

}  // namespace

absl::StatusOr<Bbox> ParseBbox(std::string_view text) {
  if (text.empty()) return Bad("is required, as west,south,east,north in degrees");
  double v[4];
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    size_t comma = text.find(',', start);
    if ((i < 3) != (comma != std::string_view::npos)) {
      return Bad("must have exactly four comma-separated numbers: west,south,east,north");
    }
    std::string_view part = text.substr(start, i < 3 ? comma - start : std::string_view::npos);
    if (!ParseNumber(part, &v[i])) {
      return Bad("\"" + std::string(part.substr(0, 32)) + "\" is not a number");
    }
    start = comma + 1;
  }
  Bbox b{v[0], v[1], v[2], v[3]};
  if (b.west < -180 || b.west > 180 || b.east < -180 || b.east > 180) {
    return Bad("longitudes must be between -180 and 180");
  }
  if (b.south < -90 || b.south > 90 || b.north < -90 || b.north > 90) {
    return Bad("latitudes must be between -90 and 90");
  }
  if (b.south > b.north) return Bad("south must not be greater than north");
  return b;
}

std::vector<Bbox> SplitAtAntimeridian(const Bbox& b) {
  if (b.west <= b.east) return {b};
  return {{b.west, b.south, 180, b.north}, {-180, b.south, b.east, b.north}};
}

}  // namespace atlas::geo
