// Schema migrations, applied at start-up.
//
// Migrations are numbered SQL files (0001_init.sql, 0002_...) compiled into
// the binary (cmake/AtlasMigrations.cmake). Migrate() takes a transaction-level
// advisory lock keyed on the schema, so replicas starting together never race:
// one applies, the others wait and then find nothing to do. Each file runs in
// its own transaction with its row in schema_migrations; an already-applied
// file whose text changed is refused (FAILED_PRECONDITION), never re-run.
#ifndef ATLAS_DB_MIGRATE_H_
#define ATLAS_DB_MIGRATE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace atlas::db {

class Pool;

struct Migration {
  std::string name;  // file name, e.g. "0001_init.sql"; sorts in apply order
  std::string sql;
};

// Applies the migrations not yet applied to the pool's schema.
absl::Status Migrate(Pool& pool, const std::vector<Migration>& migrations);

}  // namespace atlas::db

#endif  // ATLAS_DB_MIGRATE_H_
