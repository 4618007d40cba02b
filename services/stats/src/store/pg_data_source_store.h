// The data source catalogue in PostgreSQL (schema "stats").
#ifndef ATLAS_STATS_STORE_PG_DATA_SOURCE_STORE_H_
#define ATLAS_STATS_STORE_PG_DATA_SOURCE_STORE_H_

#include <functional>

#include "stats/domain/data_source.h"

namespace atlas::db {
class Pool;
}

namespace atlas::stats {

class PgDataSourceStore final : public DataSourceStore {
 public:
  // `after_commit` runs after each write commits (wakes the outbox relay).
  explicit PgDataSourceStore(db::Pool& pool, std::function<void()> after_commit = {})
      : pool_(pool), after_commit_(std::move(after_commit)) {}
  // Keyset position: the source's seq.
  absl::StatusOr<DataSourcePage> List(int limit, int64_t after) override;
  absl::StatusOr<DataSource> Find(const std::string& id) override;
  absl::StatusOr<DataSource> Insert(const DataSource& s, const std::string& actor) override;
  absl::StatusOr<DataSource> Update(const DataSource& s, int64_t revision,
                                    const std::string& actor) override;

 private:
  db::Pool& pool_;
  std::function<void()> after_commit_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_STORE_PG_DATA_SOURCE_STORE_H_
