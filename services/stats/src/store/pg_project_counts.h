// The projects-by-country read model in PostgreSQL (schema "stats").
#ifndef ATLAS_STATS_STORE_PG_PROJECT_COUNTS_H_
#define ATLAS_STATS_STORE_PG_PROJECT_COUNTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "stats/domain/coverage.h"

namespace atlas::db {
class Pool;
}

namespace atlas::stats {

// What an event says of a project's public version.
struct PublicProject {
  std::string name = {};
  bool is_public = false;
  std::vector<std::string> countries = {};
  std::string status = {};
  bool demo = false;
  uint64_t seq = 0;  // the event's stream sequence
};

// Upserts `p` unless the row was written by a later event; true when the
// public counts changed (then stats says so: atlas.stats.coverage.updated).
bool UpsertProject(pqxx::work& tx, const PublicProject& p);

class PgProjectCounts final : public ProjectCountStore {
 public:
  explicit PgProjectCounts(db::Pool& pool) : pool_(pool) {}
  absl::StatusOr<std::map<std::string, ProjectCount>> ActiveByCountry() override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_STORE_PG_PROJECT_COUNTS_H_
