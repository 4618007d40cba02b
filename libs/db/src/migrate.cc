// Advisory-locked, checksummed migrations.
#include "atlas/db/migrate.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "atlas/core/log.h"
#include "atlas/db/pool.h"

namespace atlas::db {
namespace {

constexpr char kCreateTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  name        text PRIMARY KEY,
  checksum    text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
))sql";

}  // namespace

absl::Status Migrate(Pool& pool, const std::vector<Migration>& migrations) {
  const std::string& schema = pool.options().schema;
  for (const Migration& m : migrations) {
    bool applied = false;
    absl::Status s = pool.Transact([&](pqxx::work& tx) -> absl::Status {
      // Serialise migrators of this schema across processes; released at commit.
      tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))", "atlas.migrate." + schema);
      // Only when missing: a runtime role without CREATE on the schema starts
      // fine once its owner has applied every migration (ATLAS_MIGRATE_ONLY).
      if (tx.exec1("SELECT to_regclass('schema_migrations') IS NULL")[0].as<bool>()) {
        tx.exec0(kCreateTable);
      }
      const std::string checksum = tx.exec_params1("SELECT md5($1)", m.sql)[0].as<std::string>();
      pqxx::result r =
          tx.exec_params("SELECT checksum FROM schema_migrations WHERE name = $1", m.name);
      if (!r.empty()) {
        if (r[0][0].as<std::string>() != checksum) {
          return absl::FailedPreconditionError(
              absl::StrCat("migration ", m.name, " in schema ", schema,
                           " was changed after it was applied; add a new migration instead"));
        }
        return absl::OkStatus();
      }
      if (!tx.exec1("SELECT has_schema_privilege(current_schema(), 'CREATE')")[0].as<bool>()) {
        return absl::PermissionDeniedError(absl::StrCat(
            "migration ", m.name, " of schema ", schema, " is not applied, and role ",
            tx.exec1("SELECT current_user")[0].as<std::string>(),
            " may not apply it: run this binary once with ATLAS_MIGRATE_ONLY=true as the "
            "schema's owner (the deployment's init container does)"));
      }
      tx.exec0(m.sql);
      tx.exec_params0("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", m.name,
                      checksum);
      applied = true;
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    if (applied) log::Info("migration applied", {{"schema", schema}, {"migration", m.name}});
  }
  return absl::OkStatus();
}

}  // namespace atlas::db
