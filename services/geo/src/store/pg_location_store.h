// The map read model in PostGIS (schema "geo").
#ifndef ATLAS_GEO_STORE_PG_LOCATION_STORE_H_
#define ATLAS_GEO_STORE_PG_LOCATION_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "geo/domain/bbox.h"
#include "geo/domain/map_model.h"
#include "geo/domain/map_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::geo {

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

// The reference areas as last read, with the reference_version they were
// read at: a reload whose version is the same reuses them.
struct LoadedAreas {
  std::string version;  // empty: none read yet (or no reference loaded)
  std::vector<Area> areas;
};

// Every version row and reference area, as an in-memory model. With `cache`,
// the reference areas are read again only when their version changed (every
// event reloads the model; the reference changes when a replica loads a new
// file).
absl::StatusOr<std::shared_ptr<const MapModel>> LoadModel(db::Pool& pool,
                                                          LoadedAreas* cache = nullptr);

// The MapStore port on PostGIS: the functions above and reference_store.h's.
class PgMapStore final : public MapStore {
 public:
  explicit PgMapStore(db::Pool& pool) : pool_(pool) {}
  absl::StatusOr<int64_t> Generation() override;
  absl::StatusOr<std::shared_ptr<const MapModel>> Load() override;
  absl::StatusOr<SearchResult> Search(const Bbox& box, int limit, const Viewer& viewer) override;
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AreaGeometries(
      const std::string& level, int band) override;
  absl::StatusOr<std::string> BoundaryTile(int z, int x, int y) override;

 private:
  db::Pool& pool_;
  std::mutex areas_mu_;
  LoadedAreas areas_;  // guarded by areas_mu_
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_STORE_PG_LOCATION_STORE_H_
