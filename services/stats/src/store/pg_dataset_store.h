// Datasets in PostgreSQL (schema "stats").
#ifndef ATLAS_STATS_STORE_PG_DATASET_STORE_H_
#define ATLAS_STATS_STORE_PG_DATASET_STORE_H_

#include "stats/domain/dataset_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::stats {

class PgDatasetStore final : public DatasetStore {
 public:
  explicit PgDatasetStore(db::Pool& pool) : pool_(pool) {}
  // Keyset position: the dataset's seq (served by its primary key order).
  absl::StatusOr<DatasetPage> List(int limit, int64_t after) override;
  absl::StatusOr<Dataset> Find(const std::string& id) override;
  absl::StatusOr<std::vector<Codelist>> Codelists() override;
  absl::StatusOr<std::vector<Observation>> Observations(const std::string& id,
                                                        int version) override;
  absl::StatusOr<std::string> DisclosureSecret() override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_STORE_PG_DATASET_STORE_H_
