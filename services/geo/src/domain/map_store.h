// Where the map read model and the reference geography are kept: the port
// the domain speaks to (PostGIS in store/, memory in tests). Event handlers
// write through store/ directly, in the consumer's transaction.
#ifndef ATLAS_GEO_DOMAIN_MAP_STORE_H_
#define ATLAS_GEO_DOMAIN_MAP_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "geo/domain/bbox.h"
#include "geo/domain/map_model.h"

namespace atlas::geo {

struct ProjectLocation {
  std::string project = {};  // projects/{id}
  std::string title = {};
  double lat = 0, lng = 0;
  std::vector<std::string> themes = {};
  std::vector<std::string> region_codes = {};
};

struct SearchResult {
  std::vector<ProjectLocation> locations;
  bool truncated = false;
};

class MapStore {
 public:
  virtual ~MapStore() = default;
  // The read model's generation: changes whenever an event or a reference
  // load changed it.
  virtual absl::StatusOr<int64_t> Generation() = 0;
  // Every version row and reference area, as an in-memory model.
  virtual absl::StatusOr<std::shared_ptr<const MapModel>> Load() = 0;
  // Projects with an exact point inside `box` that `viewer` may see, at most
  // `limit`, ordered by project name.
  virtual absl::StatusOr<SearchResult> Search(const Bbox& box, int limit, const Viewer& viewer) = 0;
  // (code, GeoJSON geometry) of every area of `level`, simplified for zoom `band`.
  virtual absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AreaGeometries(
      const std::string& level, int band) = 0;
  // The boundaries vector tile z/x/y (Mapbox Vector Tile bytes).
  virtual absl::StatusOr<std::string> BoundaryTile(int z, int x, int y) = 0;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_MAP_STORE_H_
