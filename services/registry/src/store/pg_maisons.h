// The Maisons des Marocains du Monde in PostgreSQL (migration 0018): each
// entry a proto3 JSON document with its revision; every change records
// atlas.registry.maison.<verb> in its transaction.
#ifndef ATLAS_REGISTRY_STORE_PG_MAISONS_H_
#define ATLAS_REGISTRY_STORE_PG_MAISONS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/registry/v1/maison.pb.h"
#include "registry/domain/maison.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgMaisons final : public MaisonStore {
 public:
  PgMaisons(db::Pool& pool, std::function<void()> after_commit)
      : pool_(pool), after_commit_(std::move(after_commit)) {}

  // By region, then French title; "" filters nothing.
  absl::StatusOr<std::vector<v1::Maison>> List(const std::string& region_code,
                                               const std::string& service) override;
  // NOT_FOUND (plain) when there is no such entry.
  absl::StatusOr<v1::Maison> Get(const std::string& id) override;
  // `m` as a new entry; a repeated non-empty `request_id` answers the entry
  // it created first.
  absl::StatusOr<v1::Maison> Insert(const v1::Maison& m, const std::string& request_id,
                                    const std::string& actor) override;
  // The entry `id`, locked, given to `change`; what it answers is written.
  absl::StatusOr<v1::Maison> Modify(
      const std::string& id, const std::string& actor,
      const std::function<absl::StatusOr<v1::Maison>(const v1::Maison& current)>& change) override;
  // Deletes `id` when `check` accepts its current version.
  absl::Status Remove(const std::string& id, const std::string& actor,
                      const std::function<absl::Status(const v1::Maison& current)>& check) override;

 private:
  db::Pool& pool_;
  std::function<void()> after_commit_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_MAISONS_H_
