// The map's logic without transport or SQL: locations, clustered features,
// choropleth areas, vector tiles and TileJSON, rendered for HTTP from the
// in-memory model (MapModelHolder) and the reference geography (MapStore).
// Thread-safe.
#ifndef ATLAS_GEO_DOMAIN_MAP_SERVICE_H_
#define ATLAS_GEO_DOMAIN_MAP_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "geo/domain/areas.h"
#include "geo/domain/lru_cache.h"
#include "geo/domain/map_model.h"
#include "geo/domain/map_model_holder.h"
#include "geo/domain/map_store.h"

namespace atlas::geo {

// An answer rendered for HTTP (atlas.api.v1.HttpBody): bytes, their type,
// their validator and their cache policy.
struct MapAnswer {
  std::string content_type;
  std::string body;
  std::string etag;
  std::string cache_control;
};

class MapService final {
 public:
  // `public_base_url` prefixes TileJSON's tile URLs ("" = relative URLs).
  MapService(MapStore& store, MapModelHolder& model, std::string public_base_url = "");

  // Exact points in `bbox` ("west,south,east,north") that `viewer` may see.
  // INVALID_ARGUMENT for a bad box or page size.
  absl::StatusOr<SearchResult> Locations(const std::string& bbox, int page_size,
                                         const Viewer& viewer);
  // Clusters and projects in `bbox` at `zoom` as GeoJSON. UNAVAILABLE while
  // the model loads.
  absl::StatusOr<MapAnswer> Features(const std::string& bbox, int zoom, const MapFilter& filter,
                                     core::Lang lang, const Viewer& viewer);
  // A choropleth of `query` (geometries simplified for `zoom`, default 5).
  absl::StatusOr<MapAnswer> Areas(const AreaQuery& query, std::optional<int> zoom,
                                  const MapFilter& filter, core::Lang lang, const Viewer& viewer);
  // Vector tile `layer` ("boundaries" or "projects") z/x/y.
  absl::StatusOr<MapAnswer> Tile(const std::string& layer, int z, int x, const std::string& y,
                                 const MapFilter& filter, core::Lang lang, const Viewer& viewer);
  absl::StatusOr<MapAnswer> TileJson(const std::string& layer);

 private:
  absl::StatusOr<std::shared_ptr<const MapModel>> Model();
  absl::StatusOr<std::shared_ptr<const std::string>> CachedBoundaryTile(int z, int x, int y);
  absl::StatusOr<std::shared_ptr<const std::map<std::string, std::string>>> Geometries(
      const std::string& level, int zoom);

  MapStore& store_;
  MapModelHolder& model_;
  const std::string public_base_url_;
  std::mutex cache_mu_;  // geometries_
  // Boundary tiles (static reference data): most recently used first.
  LruCache<std::string> tiles_{4096};
  std::map<std::string, std::shared_ptr<const std::map<std::string, std::string>>> geometries_;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_MAP_SERVICE_H_
