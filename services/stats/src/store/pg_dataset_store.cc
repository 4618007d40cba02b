// Dataset queries.
#include "stats/store/pg_dataset_store.h"

#include "atlas/db/page.h"
#include "atlas/db/pool.h"

namespace atlas::stats {
namespace {
constexpr char kList[] = R"sql(
SELECT d.seq, d.id, d.title, d.description, d.source, d.licence, d.reference_year,
       (SELECT count(*) FROM observations o WHERE o.dataset_id = d.id)
FROM datasets d WHERE d.seq > $1 ORDER BY d.seq LIMIT $2)sql";
}  // namespace

absl::StatusOr<DatasetPage> PgDatasetStore::List(int limit, int64_t after_seq) {
  DatasetPage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<Dataset>(
        tx.exec_params(kList, after_seq, limit + 1), limit, [](const pqxx::row& r, int64_t* seq) {
          *seq = r[0].as<int64_t>();
          return Dataset{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                         r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<int>(),
                         r[7].as<int64_t>()};
        });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

}  // namespace atlas::stats
