// Reference geography in PostGIS: loading the file scripts/gen-geo-reference
// writes, and reading areas and boundary tiles back.
#ifndef ATLAS_GEO_STORE_REFERENCE_STORE_H_
#define ATLAS_GEO_STORE_REFERENCE_STORE_H_

#include <string>

#include "absl/status/statusor.h"

namespace atlas::db {
class Pool;
}

namespace atlas::geo {

// Loads the NDJSON file at `path` into reference_areas unless the loaded
// version (a hash of the file) is the same; one transaction, under a lock, so
// replicas starting together load it once. Features with the same code are
// merged (Natural Earth's Western Sahara into Morocco, Ashmore and Cartier
// into Australia). Returns the number of areas loaded (0 when current).
absl::StatusOr<int> LoadReferenceAreas(db::Pool& pool, const std::string& path);

// Tile (z, x, y) of the `boundaries` layer: countries, regions, provinces
// (from zoom 5), and a `labels` layer of named points, as MVT from PostGIS.
absl::StatusOr<std::string> BoundaryTile(db::Pool& pool, int z, int x, int y);

// GeoJSON geometries (text) of every area of `level`, simplified for `zoom`,
// keyed by code.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AreaGeometries(
    db::Pool& pool, const std::string& level, int zoom);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_STORE_REFERENCE_STORE_H_
