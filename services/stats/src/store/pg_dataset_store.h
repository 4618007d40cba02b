// Datasets in PostgreSQL (schema "stats").
#ifndef ATLAS_STATS_STORE_PG_DATASET_STORE_H_
#define ATLAS_STATS_STORE_PG_DATASET_STORE_H_

#include <functional>

#include "stats/domain/dataset_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::stats {

class PgDatasetStore final : public DatasetStore {
 public:
  // `wake`: called after a commit that wrote to the outbox (the relay).
  explicit PgDatasetStore(db::Pool& pool, std::function<void()> wake = {})
      : pool_(pool), wake_(std::move(wake)) {}
  // Keyset position: the dataset's seq (served by its primary key order).
  absl::StatusOr<DatasetPage> List(int limit, int64_t after, bool released_only) override;
  absl::StatusOr<Dataset> Find(const std::string& id) override;
  absl::StatusOr<std::vector<Codelist>> Codelists() override;
  absl::StatusOr<std::vector<Observation>> Observations(const std::string& id,
                                                        int version) override;
  absl::StatusOr<std::pair<int, bool>> InsertVersion(
      const std::string& id, const std::string& sha256, const std::string& creator,
      const std::vector<Observation>& observations) override;
  absl::StatusOr<std::vector<DatasetVersion>> Versions(const std::string& id) override;
  absl::StatusOr<DatasetVersion> Release(const std::string& id, int version,
                                         const std::string& actor) override;
  absl::StatusOr<std::string> DisclosureSecret() override;

 private:
  db::Pool& pool_;
  std::function<void()> wake_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_STORE_PG_DATASET_STORE_H_
