// ProjectStore on PostgreSQL (schema "registry"): each write and its outbox
// event commit in one transaction; the relay is woken after commit.
#ifndef ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_
#define ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_

#include <functional>
#include <string>

#include "domain/project_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgProjectStore final : public ProjectStore {
 public:
  // Serialise the event payloads (protobuf; supplied by api/).
  struct Encoders {
    std::function<std::string(const Project&)> created;
    std::function<std::string(const Project&, const std::vector<std::string>&)> updated;
  };

  PgProjectStore(db::Pool& pool, Encoders encoders, std::function<void()> after_commit)
      : pool_(pool), encoders_(std::move(encoders)), after_commit_(std::move(after_commit)) {}

  absl::StatusOr<Project> Create(const Project& p, const std::string& request_id) override;
  absl::StatusOr<Project> Update(const Project& p, int64_t expected_revision,
                                 const std::vector<std::string>& changed_fields) override;
  absl::StatusOr<Project> Get(const std::string& id) override;
  absl::StatusOr<ProjectPage> List(int limit, int64_t after_seq, const Viewer& viewer) override;

 private:
  db::Pool& pool_;
  Encoders encoders_;
  std::function<void()> after_commit_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_
