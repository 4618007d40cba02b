// The map read model in PostGIS (schema "geo").
#ifndef ATLAS_GEO_STORE_PG_LOCATION_STORE_H_
#define ATLAS_GEO_STORE_PG_LOCATION_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "domain/bbox.h"

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
  bool published = false;    // the public version's row (else the working copy's)
  std::string organisation;  // owner's id
};

// Who is looking (the registry's visibility rule): published locations for
// everyone, the others for their organisation and for those who see all.
struct Viewer {
  bool sees_all = false;
  std::string organisation;  // "" = anonymous
};

struct SearchResult {
  std::vector<ProjectLocation> locations;
  bool truncated = false;
};

// Inserts or replaces `loc` unless a newer event (higher `event_seq`) wrote it.
void UpsertLocation(pqxx::work& tx, const ProjectLocation& loc, uint64_t event_seq);

// Removes the point of `project` unless a newer event wrote it.
void RemoveLocation(pqxx::work& tx, const std::string& project, bool published, uint64_t event_seq);

// Locations inside `box` that `viewer` may see, at most `limit`, ordered by project name.
absl::StatusOr<SearchResult> SearchLocations(db::Pool& pool, const Bbox& box, int limit,
                                             const Viewer& viewer);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_STORE_PG_LOCATION_STORE_H_
