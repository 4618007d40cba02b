// The map read model in PostGIS (schema "geo").
#ifndef ATLAS_GEO_STORE_PG_LOCATION_STORE_H_
#define ATLAS_GEO_STORE_PG_LOCATION_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "domain/bbox.h"
#include "domain/map_model.h"

namespace atlas::db {
class Pool;
}

namespace atlas::geo {

struct ProjectLocation {
  std::string project;  // projects/{id}
  std::string title;
  double lat = 0, lng = 0;
  std::vector<std::string> themes;
  std::vector<std::string> region_codes;
};

struct SearchResult {
  std::vector<ProjectLocation> locations;
  bool truncated = false;
};

// Inserts or replaces the row of `p`'s version unless a newer event (higher
// `event_seq`) wrote it, and bumps the model generation.
void UpsertVersion(pqxx::work& tx, const MapProject& p, uint64_t event_seq);

// Removes a version's row unless a newer event wrote it.
void RemoveVersion(pqxx::work& tx, const std::string& project, bool published, uint64_t event_seq);

// Projects with an exact point inside `box` that `viewer` may see, at most
// `limit`, ordered by project name.
absl::StatusOr<SearchResult> SearchLocations(db::Pool& pool, const Bbox& box, int limit,
                                             const Viewer& viewer);

// The model's generation: changes whenever an event or a reference load
// changed the read model.
absl::StatusOr<int64_t> ModelGeneration(db::Pool& pool);

// Every version row and reference area, as an in-memory model.
absl::StatusOr<std::shared_ptr<const MapModel>> LoadModel(db::Pool& pool);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_STORE_PG_LOCATION_STORE_H_
