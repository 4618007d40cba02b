// Bounding-box parsing.
#include "geo/domain/bbox.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/escaping.h"
#include "atlas/core/status.h"

namespace atlas::geo {
namespace {

constexpr core::Text kRequired = {
    "is required, as west,south,east,north in degrees",
    "est obligatoire, sous la forme ouest,sud,est,nord en degrés",
    "مطلوب على شكل غرب،جنوب،شرق،شمال بالدرجات (west,south,east,north)"};
constexpr core::Text kFourNumbers = {
    "must have exactly four comma-separated numbers: west,south,east,north",
    "doit contenir exactement quatre nombres séparés par des virgules : ouest,sud,est,nord",
    "يجب أن يحتوي على أربعة أعداد بالضبط مفصولة بفواصل: غرب،جنوب،شرق،شمال"};
constexpr core::Text kNotANumber = {"\"{0}\" is not a number", "« {0} » n'est pas un nombre",
                                    "«{0}» ليس عددًا"};
constexpr core::Text kLongitudes = {
    "longitudes must be between -180 and 180",
    "les longitudes doivent être comprises entre -180 et 180",
    "يجب أن تكون خطوط الطول بين ‎-180 و180"};
constexpr core::Text kLatitudes = {"latitudes must be between -90 and 90",
                                   "les latitudes doivent être comprises entre -90 et 90",
                                   "يجب أن تكون خطوط العرض بين ‎-90 و90"};
constexpr core::Text kSouthNorth = {"south must not be greater than north",
                                    "le sud ne doit pas dépasser le nord",
                                    "يجب ألا يتجاوز الجنوب الشمال"};

absl::Status Bad(const core::Text& why, const std::vector<std::string>& args = {}) {
  return core::InvalidFields({core::Violation("bbox", why, args)});
}

bool ParseNumber(std::string_view s, double* out) {
  if (s.empty() || s.size() > 32) return false;
  std::string buf(s);
  char* end = nullptr;
  *out = std::strtod(buf.c_str(), &end);
  return end == buf.c_str() + buf.size() && std::isfinite(*out);
}

}  // namespace

absl::StatusOr<Bbox> ParseBbox(std::string_view text) {
  if (text.empty()) return Bad(kRequired);
  double v[4];
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    size_t comma = text.find(',', start);
    if ((i < 3) != (comma != std::string_view::npos)) {
      return Bad(kFourNumbers);
    }
    std::string_view part = text.substr(start, i < 3 ? comma - start : std::string_view::npos);
    if (!ParseNumber(part, &v[i])) {
      return Bad(kNotANumber, {absl::CHexEscape(std::string(part.substr(0, 32)))});
    }
    start = comma + 1;
  }
  Bbox b{v[0], v[1], v[2], v[3]};
  if (b.west < -180 || b.west > 180 || b.east < -180 || b.east > 180) {
    return Bad(kLongitudes);
  }
  if (b.south < -90 || b.south > 90 || b.north < -90 || b.north > 90) {
    return Bad(kLatitudes);
  }
  if (b.south > b.north) return Bad(kSouthNorth);
  return b;
}

std::vector<Bbox> SplitAtAntimeridian(const Bbox& b) {
  if (b.west <= b.east) return {b};
  return {{b.west, b.south, 180, b.north}, {-180, b.south, b.east, b.north}};
}

}  // namespace atlas::geo
