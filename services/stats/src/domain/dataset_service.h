// The statistics service's logic, without transport or SQL: what a caller may
// ask of the datasets and what it gets. Thread-safe if the store is.
#ifndef ATLAS_STATS_DOMAIN_DATASET_SERVICE_H_
#define ATLAS_STATS_DOMAIN_DATASET_SERVICE_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "stats/domain/dataset.h"
#include "stats/domain/dataset_store.h"

namespace atlas::stats {

class DatasetService final {
 public:
  explicit DatasetService(DatasetStore& store) : store_(store) {}

  // One page of datasets (AIP-158: page_size 0 = kDefaultPageSize, capped at
  // kMaxPageSize); INVALID_ARGUMENT naming page_size or page_token.
  absl::StatusOr<DatasetPage> List(int page_size, std::string_view page_token);

 private:
  DatasetStore& store_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATASET_SERVICE_H_
