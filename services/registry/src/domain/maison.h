// The Maisons des Marocains du Monde et des Affaires de la Migration (the
// ministry's regional service points): what an entry must be, how a change
// applies, what the public sees, and the directory's exports.
#ifndef ATLAS_REGISTRY_DOMAIN_MAISON_H_
#define ATLAS_REGISTRY_DOMAIN_MAISON_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "atlas/registry/v1/maison.pb.h"
#include "registry/domain/project_sheet.h"

namespace atlas::registry {

inline constexpr core::Text kMaisonNotFound = {"no Maison des Marocains du Monde {0}",
                                               "aucune Maison des Marocains du Monde {0}",
                                               "لا توجد دار للمغاربة المقيمين بالخارج {0}"};
inline constexpr core::Text kMaisonExportFormat = {
    "must be csv or geojson", "doit être csv ou geojson", "يجب أن يكون csv أو geojson"};

// What validation knows besides the entry: the regions' outlines (none: the
// point is checked against Morocco's extent only) and the current year (0:
// the clock's).
struct MaisonContext {
  const RegionOutlines* outlines = nullptr;
  int year = 0;
};

// Field violations of `m` (fields named "maison.title.fr", "maison.hours[2].opens"…).
absl::Status ValidateMaison(const v1::Maison& m, const MaisonContext& context);

// `current` with the fields of `patch` named in `paths`, then validated.
absl::StatusOr<v1::Maison> PatchMaison(v1::Maison current, const v1::Maison& patch,
                                       const std::vector<std::string>& paths,
                                       const MaisonContext& context);

// `m` as an anonymous caller sees it: without contacts.
v1::Maison PublicMaison(v1::Maison m);

// "maisons/<uuid>" -> "<uuid>"; nullopt for anything else.
std::optional<std::string> MaisonId(const std::string& name);

// Whether (lon, lat) is inside one of `rings` (even-odd rule).
bool InsideRings(const std::vector<Ring>& rings, double lon, double lat);

// The directory as CSV (one row per entry, its latest reported year) and as a
// GeoJSON FeatureCollection (points, every reported year). No contacts.
std::string MaisonsCsv(const std::vector<v1::Maison>& maisons);
std::string MaisonsGeoJson(const std::vector<v1::Maison>& maisons);

// Where the directory is kept (store/pg_maisons.h). Plain NOT_FOUND for an
// id that names nothing.
class MaisonStore {
 public:
  virtual ~MaisonStore() = default;
  virtual absl::StatusOr<std::vector<v1::Maison>> List(const std::string& region_code,
                                                       const std::string& service) = 0;
  virtual absl::StatusOr<v1::Maison> Get(const std::string& id) = 0;
  virtual absl::StatusOr<v1::Maison> Insert(const v1::Maison& m, const std::string& request_id,
                                            const std::string& actor) = 0;
  virtual absl::StatusOr<v1::Maison> Modify(
      const std::string& id, const std::string& actor,
      const std::function<absl::StatusOr<v1::Maison>(const v1::Maison& current)>& change) = 0;
  virtual absl::Status Remove(
      const std::string& id, const std::string& actor,
      const std::function<absl::Status(const v1::Maison& current)>& check) = 0;
};

// The directory as its callers use it: validated writes with etags, reads
// without contacts for anonymous callers. Errors worded for the caller.
class MaisonDirectory {
 public:
  MaisonDirectory(MaisonStore& store, MaisonContext context) : store_(store), context_(context) {}

  absl::StatusOr<std::vector<v1::Maison>> List(const std::string& region_code,
                                               const std::string& service, bool signed_in);
  absl::StatusOr<v1::Maison> Get(const std::string& name, bool signed_in);
  absl::StatusOr<v1::Maison> Create(const v1::Maison& m, const std::string& request_id,
                                    const std::string& actor);
  absl::StatusOr<v1::Maison> Update(const v1::Maison& patch, const std::vector<std::string>& paths,
                                    const std::string& etag, const std::string& actor);
  absl::Status Delete(const std::string& name, const std::string& etag, const std::string& actor);

 private:
  MaisonContext Context() const;

  MaisonStore& store_;
  MaisonContext context_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_MAISON_H_
