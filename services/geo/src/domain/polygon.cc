// GeoJSON polygon parsing and validation.
#include "geo/domain/polygon.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "atlas/core/status.h"

namespace atlas::geo {
namespace {

using Point = std::pair<double, double>;

constexpr core::Text kNotPolygon = {
    "must be a GeoJSON Polygon: {\"type\":\"Polygon\",\"coordinates\":[[[lng,lat],…]]}",
    "doit être un Polygon GeoJSON : {\"type\":\"Polygon\",\"coordinates\":[[[lng,lat],…]]}",
    "يجب أن يكون مضلعًا بصيغة GeoJSON ‏(Polygon)"};
constexpr core::Text kPosition = {
    "ring {0}, position {1}: must be [longitude, latitude] with finite numbers, longitude "
    "from -180 to 180 and latitude from -90 to 90",
    "anneau {0}, position {1} : doit être [longitude, latitude] en nombres finis, longitude de "
    "-180 à 180 et latitude de -90 à 90",
    "الحلقة {0}، الموضع {1}: يجب أن يكون [خط الطول، خط العرض] بأعداد منتهية، خط الطول بين "
    "‎-180 "
    "و180 وخط العرض بين ‎-90 و90"};
constexpr core::Text kUnclosed = {
    "ring {0} is not closed: its last position must repeat its first",
    "l'anneau {0} n'est pas fermé : sa dernière position doit répéter la première",
    "الحلقة {0} غير مغلقة: يجب أن يكرر موضعها الأخير موضعها الأول"};
constexpr core::Text kTooShort = {"ring {0} needs at least four positions (a closed triangle)",
                                  "l'anneau {0} doit avoir au moins quatre positions (un "
                                  "triangle fermé)",
                                  "تحتاج الحلقة {0} إلى أربعة مواضع على الأقل (مثلث مغلق)"};
constexpr core::Text kTooLong = {"has more than {0} positions", "a plus de {0} positions",
                                 "يضم أكثر من {0} موضعًا"};
constexpr core::Text kCrossing = {
    "is self-intersecting: the edge {0} of ring {1} crosses the edge {2} of ring {3}",
    "se recoupe : le segment {0} de l'anneau {1} croise le segment {2} de l'anneau {3}",
    "المضلع متقاطع ذاتيًا: الضلع {0} من الحلقة {1} يقطع الضلع {2} من الحلقة {3}"};

double Cross(const Point& o, const Point& a, const Point& b) {
  return (a.first - o.first) * (b.second - o.second) - (a.second - o.second) * (b.first - o.first);
}

bool OnSegment(const Point& p, const Point& a, const Point& b) {
  return std::min(a.first, b.first) <= p.first && p.first <= std::max(a.first, b.first) &&
         std::min(a.second, b.second) <= p.second && p.second <= std::max(a.second, b.second);
}

// True if segments ab and cd share a point.
bool Intersect(const Point& a, const Point& b, const Point& c, const Point& d) {
  const double d1 = Cross(c, d, a), d2 = Cross(c, d, b), d3 = Cross(a, b, c), d4 = Cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  return (d1 == 0 && OnSegment(a, c, d)) || (d2 == 0 && OnSegment(b, c, d)) ||
         (d3 == 0 && OnSegment(c, a, b)) || (d4 == 0 && OnSegment(d, a, b));
}

}  // namespace

bool Polygon::Contains(double lng, double lat) const {
  bool inside = false;
  for (const auto& ring : rings) {
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const auto& [xi, yi] = ring[i];
      const auto& [xj, yj] = ring[j];
      if ((yi > lat) != (yj > lat) && lng < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
  }
  return inside;
}

absl::StatusOr<Polygon> ParsePolygon(std::string_view text, const std::string& field) {
  auto bad = [&](const core::Text& why, const std::vector<std::string>& args = {}) {
    return core::InvalidFields({core::Violation(field, why, args)});
  };
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  // Compared as JSON, not read as a string: "type" may be any JSON value (an
  // array made nlohmann's value() throw; found by tests/fuzz/geojson_polygon).
  if (j.is_discarded() || !j.is_object() || !j.contains("type") || j["type"] != "Polygon" ||
      !j.contains("coordinates") || !j["coordinates"].is_array() || j["coordinates"].empty()) {
    return bad(kNotPolygon);
  }
  Polygon out;
  size_t total = 0;
  for (size_t r = 0; r < j["coordinates"].size(); ++r) {
    const auto& ring = j["coordinates"][r];
    if (!ring.is_array()) return bad(kNotPolygon);
    std::vector<Point> points;
    for (size_t i = 0; i < ring.size(); ++i) {
      const auto& p = ring[i];
      if (++total > kMaxPolygonPositions) {
        return bad(kTooLong, {std::to_string(kMaxPolygonPositions)});
      }
      const bool ok = p.is_array() && (p.size() == 2 || p.size() == 3) && p[0].is_number() &&
                      p[1].is_number() && std::isfinite(p[0].get<double>()) &&
                      std::isfinite(p[1].get<double>()) && std::abs(p[0].get<double>()) <= 180 &&
                      std::abs(p[1].get<double>()) <= 90;
      if (!ok) return bad(kPosition, {std::to_string(r + 1), std::to_string(i + 1)});
      points.emplace_back(p[0].get<double>(), p[1].get<double>());
    }
    if (points.size() < 4) return bad(kTooShort, {std::to_string(r + 1)});
    if (points.front() != points.back()) return bad(kUnclosed, {std::to_string(r + 1)});
    out.rings.push_back(std::move(points));
  }
  // No two edges may meet except neighbours at their shared vertex.
  for (size_t r1 = 0; r1 < out.rings.size(); ++r1) {
    const auto& a = out.rings[r1];
    for (size_t i = 0; i + 1 < a.size(); ++i) {
      for (size_t r2 = r1; r2 < out.rings.size(); ++r2) {
        const auto& b = out.rings[r2];
        for (size_t k = r2 == r1 ? i + 1 : 0; k + 1 < b.size(); ++k) {
          if (r1 == r2) {
            const size_t edges = a.size() - 1;
            if (k == i + 1 || (i == 0 && k == edges - 1)) continue;  // neighbours
          }
          if (Intersect(a[i], a[i + 1], b[k], b[k + 1])) {
            return bad(kCrossing, {std::to_string(i + 1), std::to_string(r1 + 1),
                                   std::to_string(k + 1), std::to_string(r2 + 1)});
          }
        }
      }
    }
  }
  return out;
}

}  // namespace atlas::geo
