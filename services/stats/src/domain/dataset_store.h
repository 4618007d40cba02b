// Where datasets are kept: the port the domain speaks to (PostgreSQL in
// store/, memory in tests).
#ifndef ATLAS_STATS_DOMAIN_DATASET_STORE_H_
#define ATLAS_STATS_DOMAIN_DATASET_STORE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "stats/domain/dataset.h"

namespace atlas::stats {

class DatasetStore {
 public:
  virtual ~DatasetStore() = default;
  // Up to `limit` datasets after keyset position `after` (0: from the start),
  // in the order they were added.
  virtual absl::StatusOr<DatasetPage> List(int limit, int64_t after) = 0;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATASET_STORE_H_
