// Web map tiles: addressing (z/x/y as slippy maps and ST_TileEnvelope use
// it), the Web Mercator arithmetic of PostGIS's ST_AsMVTGeom, and a Mapbox
// Vector Tile 2.1 encoder for point layers
// (https://github.com/mapbox/vector-tile-spec/tree/master/2.1).
#ifndef ATLAS_GEO_DOMAIN_TILES_H_
#define ATLAS_GEO_DOMAIN_TILES_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "geo/domain/bbox.h"

namespace atlas::geo {

inline constexpr int kMaxZoom = 22;
inline constexpr uint32_t kTileExtent = 4096;

struct TileId {
  int z = 0, x = 0, y = 0;
};

// Validates z (0–22), x and y (0 ≤ x, y < 2^z); `y` carries the ".mvt"
// extension. INVALID_ARGUMENT naming the field otherwise.
absl::StatusOr<TileId> ParseTile(int z, int x, const std::string& y);
// A zoom for the map API: 0–22. INVALID_ARGUMENT (field "zoom") otherwise.
absl::Status CheckZoom(int zoom);

// The tile's bounds in degrees, grown by `buffer` tile pixels (of kTileExtent)
// on each side, latitudes within Web Mercator's.
Bbox TileBounds(const TileId& t, double buffer = 0);

// A point's position in tile pixels (0..kTileExtent), as ST_AsMVTGeom puts it.
std::pair<int64_t, int64_t> TilePixel(const TileId& t, double lng, double lat);

using MvtValue = std::variant<std::string, double, int64_t, bool>;

// One layer of point features.
class MvtLayer {
 public:
  explicit MvtLayer(std::string name) : name_(std::move(name)) {}
  void AddPoint(uint64_t id, int64_t x, int64_t y,
                const std::vector<std::pair<std::string, MvtValue>>& properties);
  size_t size() const { return features_; }
  // The layer as a complete tile; tiles concatenate into one with all layers.
  std::string Encode() const;

 private:
  uint32_t Key(const std::string& k);
  uint32_t Value(const MvtValue& v);

  std::string name_;
  std::string features_bytes_;
  size_t features_ = 0;
  std::vector<std::string> keys_, values_;  // values encoded
  std::map<std::string, uint32_t> key_index_, value_index_;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_TILES_H_
