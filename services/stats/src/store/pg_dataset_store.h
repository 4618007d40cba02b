// Datasets in PostgreSQL (schema "stats").
#ifndef ATLAS_STATS_STORE_PG_DATASET_STORE_H_
#define ATLAS_STATS_STORE_PG_DATASET_STORE_H_

#include "absl/status/statusor.h"
#include "domain/dataset.h"

namespace atlas::db {
class Pool;
}

namespace atlas::stats {

// Up to `limit` datasets after keyset position `after_seq`.
absl::StatusOr<DatasetPage> ListDatasets(db::Pool& pool, int limit, int64_t after_seq);

}  // namespace atlas::stats

#endif  // ATLAS_STATS_STORE_PG_DATASET_STORE_H_
