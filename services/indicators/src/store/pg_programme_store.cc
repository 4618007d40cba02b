// Programme queries.
#include "indicators/store/pg_programme_store.h"

#include "atlas/db/page.h"
#include "atlas/db/pool.h"

namespace atlas::indicators {
namespace {
constexpr char kList[] = R"sql(
SELECT seq, id, code, title_fr, title_ar, title_en, demo
FROM programmes WHERE seq > $1 ORDER BY seq LIMIT $2)sql";
}  // namespace

absl::StatusOr<ProgrammePage> PgProgrammeStore::List(int limit, int64_t after_seq) {
  ProgrammePage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<Programme>(
        tx.exec_params(kList, after_seq, limit + 1), limit, [](const pqxx::row& r, int64_t* seq) {
          *seq = r[0].as<int64_t>();
          return Programme{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                           r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<bool>()};
        });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

}  // namespace atlas::indicators
