// Where datasets are kept: the port the domain speaks to (PostgreSQL in
// store/, memory in tests). Plain NOT_FOUND; the domain words it.
#ifndef ATLAS_STATS_DOMAIN_DATASET_STORE_H_
#define ATLAS_STATS_DOMAIN_DATASET_STORE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "stats/domain/dataset.h"

namespace atlas::stats {

class DatasetStore {
 public:
  virtual ~DatasetStore() = default;
  // Up to `limit` datasets after keyset position `after` (0: from the start),
  // in the order they were added, with their dimensions.
  // `released_only`: leave out datasets with no released version yet.
  virtual absl::StatusOr<DatasetPage> List(int limit, int64_t after, bool released_only) = 0;
  virtual absl::StatusOr<Dataset> Find(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<Codelist>> Codelists() = 0;
  // The observations of one version; NOT_FOUND if it does not exist.
  virtual absl::StatusOr<std::vector<Observation>> Observations(const std::string& id,
                                                                int version) = 0;
  // Adds `observations` as a new draft version, all or nothing; a file with
  // the same digest already imported is that version, not a new one.
  // Returns {version, created}.
  virtual absl::StatusOr<std::pair<int, bool>> InsertVersion(
      const std::string& id, const std::string& sha256, const std::string& creator,
      const std::vector<Observation>& observations) = 0;
  virtual absl::StatusOr<std::vector<DatasetVersion>> Versions(const std::string& id) = 0;
  // Marks a draft released and records the release event, in one
  // transaction. NOT_FOUND; FAILED_PRECONDITION if already released.
  virtual absl::StatusOr<DatasetVersion> Release(const std::string& id, int version,
                                                 const std::string& actor) = 0;
  // The secret keying disclosure control, shared by every replica.
  virtual absl::StatusOr<std::string> DisclosureSecret() = 0;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATASET_STORE_H_
