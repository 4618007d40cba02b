// Tile addressing, Web Mercator arithmetic, MVT encoding.
#include "geo/domain/tiles.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include "atlas/core/status.h"

namespace atlas::geo {
namespace {

constexpr double kHalfWorld = 20037508.342789244;  // EPSG:3857 metres, π × 6378137

constexpr core::Text kZoomRange = {"must be an integer from 0 to 22",
                                   "doit être un entier de 0 à 22",
                                   "يجب أن يكون عددًا صحيحًا من 0 إلى 22"};
constexpr core::Text kTileRange = {"must be from 0 to {0} at zoom {1}",
                                   "doit être compris entre 0 et {0} au zoom {1}",
                                   "يجب أن يكون بين 0 و{0} عند مستوى التكبير {1}"};
constexpr core::Text kTileRow = {
    "must be the tile row followed by .mvt, e.g. 12.mvt",
    "doit être la ligne de la tuile suivie de .mvt, par ex. 12.mvt",
    "يجب أن يكون رقم صف البلاطة متبوعًا بـ ‎.mvt، مثل 12.mvt"};

void Varint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

uint32_t ZigZag(int64_t v) { return static_cast<uint32_t>((v << 1) ^ (v >> 63)); }

void Bytes(std::string* out, int field, const std::string& bytes) {
  Varint(out, (static_cast<uint64_t>(field) << 3) | 2);
  Varint(out, bytes.size());
  out->append(bytes);
}

double MercatorY(double lat) {
  lat = std::clamp(lat, -85.0511287798066, 85.0511287798066);
  return std::log(std::tan((90 + lat) * std::numbers::pi / 360)) * kHalfWorld / std::numbers::pi;
}

}  // namespace

absl::Status CheckZoom(int zoom) {
  if (zoom < 0 || zoom > kMaxZoom) {
    return core::InvalidFields({core::Violation("zoom", kZoomRange)});
  }
  return absl::OkStatus();
}

absl::StatusOr<TileId> ParseTile(int z, int x, const std::string& y) {
  if (z < 0 || z > kMaxZoom) return core::InvalidFields({core::Violation("z", kZoomRange)});
  const int64_t last = (int64_t{1} << z) - 1;
  std::vector<core::FieldViolation> bad;
  if (x < 0 || x > last) {
    bad.push_back(core::Violation("x", kTileRange, {std::to_string(last), std::to_string(z)}));
  }
  constexpr std::string_view kExt = ".mvt";
  const bool shaped =
      y.size() > kExt.size() && y.size() <= 12 &&
      y.compare(y.size() - kExt.size(), kExt.size(), kExt) == 0 &&
      std::all_of(y.begin(), y.end() - kExt.size(), [](char c) { return c >= '0' && c <= '9'; });
  int64_t row = -1;
  if (!shaped) {
    bad.push_back(core::Violation("y", kTileRow));
  } else {
    row = std::stoll(y.substr(0, y.size() - kExt.size()));
    if (row > last) {
      bad.push_back(core::Violation("y", kTileRange, {std::to_string(last), std::to_string(z)}));
    }
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return TileId{z, x, static_cast<int>(row)};
}

Bbox TileBounds(const TileId& t, double buffer) {
  const double n = std::ldexp(1.0, t.z);
  const double b = buffer / kTileExtent;
  auto lng = [&](double x) { return std::clamp(x / n * 360 - 180, -180.0, 180.0); };
  auto lat = [&](double y) {
    const double m = std::numbers::pi * (1 - 2 * y / n);
    return std::clamp(std::atan(std::sinh(m)) * 180 / std::numbers::pi, -85.0511287798066,
                      85.0511287798066);
  };
  return {lng(t.x - b), lat(t.y + 1 + b), lng(t.x + 1 + b), lat(t.y - b)};
}

std::pair<int64_t, int64_t> TilePixel(const TileId& t, double lng, double lat) {
  const double size = 2 * kHalfWorld / std::ldexp(1.0, t.z);
  const double minx = -kHalfWorld + t.x * size;
  const double maxy = kHalfWorld - t.y * size;
  const double mx = lng * kHalfWorld / 180;
  const double my = MercatorY(lat);
  return {static_cast<int64_t>(std::nearbyint((mx - minx) * kTileExtent / size)),
          static_cast<int64_t>(std::nearbyint((maxy - my) * kTileExtent / size))};
}

uint32_t MvtLayer::Key(const std::string& k) {
  auto [it, added] = key_index_.try_emplace(k, static_cast<uint32_t>(keys_.size()));
  if (added) keys_.push_back(k);
  return it->second;
}

uint32_t MvtLayer::Value(const MvtValue& v) {
  std::string enc;
  if (const auto* s = std::get_if<std::string>(&v)) {
    Bytes(&enc, 1, *s);
  } else if (const auto* d = std::get_if<double>(&v)) {
    enc.push_back(0x19);  // field 3, 64-bit
    char raw[8];
    std::memcpy(raw, d, 8);
    enc.append(raw, 8);
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    enc.push_back(0x30);  // field 6, sint64
    Varint(&enc, (static_cast<uint64_t>(*i) << 1) ^ static_cast<uint64_t>(*i >> 63));
  } else {
    enc.push_back(0x38);  // field 7, bool
    enc.push_back(std::get<bool>(v) ? 1 : 0);
  }
  auto [it, added] = value_index_.try_emplace(enc, static_cast<uint32_t>(values_.size()));
  if (added) values_.push_back(enc);
  return it->second;
}

void MvtLayer::AddPoint(uint64_t id, int64_t x, int64_t y,
                        const std::vector<std::pair<std::string, MvtValue>>& properties) {
  std::string tags, geometry, feature;
  for (const auto& [k, v] : properties) {
    Varint(&tags, Key(k));
    Varint(&tags, Value(v));
  }
  Varint(&geometry, (1 << 3) | 1);  // MoveTo, one point
  Varint(&geometry, ZigZag(x));
  Varint(&geometry, ZigZag(y));
  feature.push_back(0x08);  // id
  Varint(&feature, id);
  if (!tags.empty()) Bytes(&feature, 2, tags);
  feature.push_back(0x18);  // type
  feature.push_back(1);     // POINT
  Bytes(&feature, 4, geometry);
  Bytes(&features_bytes_, 2, feature);
  ++features_;
}

std::string MvtLayer::Encode() const {
  if (features_ == 0) return "";
  std::string layer;
  Varint(&layer, (15 << 3) | 0);  // version
  Varint(&layer, 2);
  Bytes(&layer, 1, name_);
  layer.append(features_bytes_);
  for (const auto& k : keys_) Bytes(&layer, 3, k);
  for (const auto& v : values_) Bytes(&layer, 4, v);
  Varint(&layer, (5 << 3) | 0);  // extent
  Varint(&layer, kTileExtent);
  std::string tile;
  Bytes(&tile, 3, layer);
  return tile;
}

}  // namespace atlas::geo
