// In-memory MapStore for unit tests: a model made of the versions given, an
// empty reference geography. Not thread-safe.
#ifndef ATLAS_GEO_DOMAIN_MEMORY_MAP_STORE_H_
#define ATLAS_GEO_DOMAIN_MEMORY_MAP_STORE_H_

#include <algorithm>
#include <vector>

#include "geo/domain/map_store.h"

namespace atlas::geo {

class MemoryMapStore final : public MapStore {
 public:
  void Put(MapProject p) {
    rows_.push_back(std::move(p));
    ++generation_;
  }
  absl::StatusOr<int64_t> Generation() override { return generation_; }
  absl::StatusOr<std::shared_ptr<const MapModel>> Load() override {
    return std::make_shared<const MapModel>(rows_, std::vector<Area>{}, generation_);
  }
  absl::StatusOr<SearchResult> Search(const Bbox& box, int limit, const Viewer& viewer) override {
    SearchResult out;
    for (const MapProject& p : rows_) {
      const bool visible = p.published || viewer.sees_all ||
                           (!viewer.organisation.empty() && viewer.organisation == p.organisation);
      if (!visible || !p.has_point || p.lat < box.south || p.lat > box.north || p.lng < box.west ||
          p.lng > box.east) {
        continue;
      }
      if (static_cast<int>(out.locations.size()) == limit) {
        out.truncated = true;
        break;
      }
      out.locations.push_back({.project = p.name,
                               .title = p.title[1],
                               .lat = p.lat,
                               .lng = p.lng,
                               .themes = p.themes,
                               .region_codes = p.regions});
    }
    return out;
  }
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AreaGeometries(
      const std::string&, int) override {
    return std::vector<std::pair<std::string, std::string>>{};
  }
  absl::StatusOr<std::string> BoundaryTile(int, int, int) override { return std::string(); }

 private:
  std::vector<MapProject> rows_;
  int64_t generation_ = 0;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_MEMORY_MAP_STORE_H_
