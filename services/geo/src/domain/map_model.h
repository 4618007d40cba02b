// The map's in-memory model: every project version the read model holds,
// the reference areas' names, populations and representative points, and the
// cluster indexes built from them per viewer and filter (cached). A model is
// immutable; MapModelHolder swaps in a new one when the read model changes.
#ifndef ATLAS_GEO_DOMAIN_MAP_MODEL_H_
#define ATLAS_GEO_DOMAIN_MAP_MODEL_H_

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "geo/domain/cluster_index.h"
#include "geo/domain/lru_cache.h"
#include "geo/domain/polygon.h"

namespace atlas::geo {

// One version of a project (the public one, or the working copy).
struct MapProject {
  std::string name;  // projects/{id}
  bool published = false;
  std::string organisation;          // owner's id
  std::array<std::string, 3> title;  // indexed by core::Lang (en, fr, ar)
  std::string original_language;
  std::vector<std::string> themes, regions, provinces, diaspora_countries, target_groups;
  std::vector<std::string> organisations;  // owner and participants' ids
  std::string status;                      // IATI activity status code
  double budget_eur = 0;
  int year_from = 0, year_to = 0;  // 0 = unknown
  bool demo = false;
  bool has_point = false;  // an exact point from the registry
  double lng = 0, lat = 0;
};

struct Area {
  std::string level, code, parent;
  std::array<std::string, 3> name;  // by core::Lang
  std::string name_tfng;
  int64_t population = -1;  // -1 = unknown
  std::string population_source;
  double label_lng = 0, label_lat = 0;
};

// Who is looking (the registry's visibility rule): published versions for
// everyone; the working copy for its organisation and for those who see all.
struct Viewer {
  bool sees_all = false;
  std::string organisation;  // "" = anonymous
  bool SeesWorkingCopy(const MapProject& p) const {
    return sees_all || (!organisation.empty() && organisation == p.organisation);
  }
  // One cache key per class of viewer.
  std::string Key() const {
    return sees_all ? "*" : organisation.empty() ? "" : "o:" + organisation;
  }
};

// What the map shows: every list is "any of", together "all of".
struct MapFilter {
  std::vector<std::string> themes = {}, statuses = {}, organisations = {}, diaspora_countries = {},
                           regions = {}, target_groups = {};
  int year_from = 0, year_to = 0;
  // Only projects drawn inside (null: anywhere); `within_text` keys the cache.
  std::shared_ptr<const Polygon> within = nullptr;
  std::string within_text = {};
  bool Matches(const MapProject& p) const;
  std::string Key() const;
};

// A project as drawn: its version for the viewer and where it is drawn.
struct Placed {
  const MapProject* project = nullptr;
  double lng = 0, lat = 0;
  bool approximate = false;  // at its province's or region's representative point
};

// A response made from an index (GeoJSON, a tile) and its validator.
struct Rendered {
  std::string body;
  std::string etag;
};

// The drawn projects matching a filter, clustered; point i is placed[i].
struct ProjectIndex {
  std::vector<Placed> placed;
  ClusterIndex clusters;
  std::vector<std::string> theme_slots;  // slot -> theme code

  // The response for `key` (viewport or tile, language), made once by `make`:
  // popular viewports are rendered once per model generation. Only small
  // responses are kept (at most kCachedResponses of kMaxCachedBody bytes), so
  // requests for many distinct large views cannot grow memory without bound.
  std::shared_ptr<const Rendered> Render(const std::string& key,
                                         const std::function<Rendered()>& make) const;

 private:
  static constexpr size_t kCachedResponses = 256;
  static constexpr size_t kMaxCachedBody = 64 * 1024;
  mutable LruCache<Rendered> responses_{kCachedResponses};
};

class MapModel {
 public:
  MapModel(std::vector<MapProject> rows, std::vector<Area> areas, int64_t generation);

  int64_t generation() const { return generation_; }
  size_t version_count() const { return rows_.size(); }
  const std::vector<Area>& areas() const { return areas_; }
  const Area* FindArea(const std::string& level, const std::string& code) const;

  // The versions `viewer` sees that match `filter`, by project name.
  std::vector<const MapProject*> Select(const Viewer& viewer, const MapFilter& filter) const;
  // The cluster index of Select(viewer, filter), built once per model.
  std::shared_ptr<const ProjectIndex> Index(const Viewer& viewer, const MapFilter& filter) const;
  // Where `p` is drawn; false if it has neither a point nor a known area.
  bool Place(const MapProject& p, Placed* out) const;
  // The regions of `p`: its own and those of its provinces.
  std::vector<std::string> RegionsOf(const MapProject& p) const;

 private:
  std::vector<MapProject> rows_;
  // name -> {public version, working copy} (indexes into rows_, -1 = none)
  std::map<std::string, std::pair<int, int>> versions_;
  std::vector<Area> areas_;
  std::unordered_map<std::string, size_t> area_index_;  // level + ":" + code
  int64_t generation_ = 0;
  std::vector<std::string> theme_slots_;

  static constexpr size_t kCachedIndexes = 64;
  mutable LruCache<ProjectIndex> indexes_{kCachedIndexes};
};

// A title in `lang`, else in the original language, else any; `*shown` is the
// language of what is returned.
const std::string& TitleIn(const MapProject& p, core::Lang lang, core::Lang* shown);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_MAP_MODEL_H_
