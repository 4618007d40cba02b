// The data source catalogue in memory: for unit tests of the domain and API.
#ifndef ATLAS_STATS_DOMAIN_MEMORY_DATA_SOURCE_STORE_H_
#define ATLAS_STATS_DOMAIN_MEMORY_DATA_SOURCE_STORE_H_

#include <mutex>
#include <string>
#include <vector>

#include "stats/domain/data_source.h"

namespace atlas::stats {

class MemoryDataSourceStore final : public DataSourceStore {
 public:
  absl::StatusOr<DataSourcePage> List(int limit, int64_t after) override {
    std::lock_guard lock(mu_);
    return core::PageOf(rows_, limit, after);
  }
  absl::StatusOr<DataSource> Find(const std::string& id) override {
    std::lock_guard lock(mu_);
    for (const DataSource& s : rows_) {
      if (s.id == id) return s;
    }
    return absl::NotFoundError(id);
  }
  absl::StatusOr<DataSource> Insert(const DataSource& s, const std::string&) override {
    std::lock_guard lock(mu_);
    for (const DataSource& r : rows_) {
      if (r.id == s.id) return absl::AlreadyExistsError(s.id);
    }
    DataSource row = s;
    row.revision = 1;
    row.datasets.clear();
    rows_.push_back(row);
    return row;
  }
  absl::StatusOr<DataSource> Update(const DataSource& s, int64_t revision,
                                    const std::string&) override {
    std::lock_guard lock(mu_);
    for (DataSource& r : rows_) {
      if (r.id != s.id) continue;
      if (r.revision != revision) return absl::AbortedError(s.id);
      std::vector<std::string> datasets = r.datasets;
      r = s;
      r.datasets = std::move(datasets);
      r.revision = revision + 1;
      return r;
    }
    return absl::NotFoundError(s.id);
  }

 private:
  std::mutex mu_;
  std::vector<DataSource> rows_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_MEMORY_DATA_SOURCE_STORE_H_
