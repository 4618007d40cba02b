// In-memory DatasetStore for unit tests of the domain and the API. Not
// thread-safe.
#ifndef ATLAS_STATS_DOMAIN_MEMORY_DATASET_STORE_H_
#define ATLAS_STATS_DOMAIN_MEMORY_DATASET_STORE_H_

#include <vector>

#include "atlas/core/paging.h"
#include "stats/domain/dataset_store.h"

namespace atlas::stats {

class MemoryDatasetStore final : public DatasetStore {
 public:
  void Add(Dataset d) { rows_.push_back(std::move(d)); }
  absl::StatusOr<DatasetPage> List(int limit, int64_t after) override {
    return core::PageOf(rows_, limit, after);
  }

 private:
  std::vector<Dataset> rows_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_MEMORY_DATASET_STORE_H_
