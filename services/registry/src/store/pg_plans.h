// The co-construction workspace in PostgreSQL (migration 0020): each plan a
// proto3 JSON document with its members copied out, every revision kept whole
// with what it changed, the activities' discussions, the due notices, and the
// organisations the platform knows (a read model of the gateway's
// atlas.audit.organisation.created). Every change records its event
// (atlas.registry.plan.*) in its transaction.
#ifndef ATLAS_REGISTRY_STORE_PG_PLANS_H_
#define ATLAS_REGISTRY_STORE_PG_PLANS_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "registry/domain/plan.h"

namespace atlas::bus {
struct Event;
}
namespace pqxx {
class transaction_base;
}

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgPlans final : public PlanStore {
 public:
  PgPlans(db::Pool& pool, std::function<void()> after_commit)
      : pool_(pool), after_commit_(std::move(after_commit)) {}

  absl::StatusOr<std::vector<v1::Plan>> List(const std::string& organisation) override;
  absl::StatusOr<v1::Plan> Get(const std::string& id, int64_t revision) override;
  absl::StatusOr<v1::Plan> Insert(const v1::Plan& p, const std::string& request_id,
                                  const std::string& actor,
                                  const std::string& actor_organisation) override;
  absl::StatusOr<v1::Plan> Modify(
      const std::string& id, const std::string& actor, const std::string& actor_organisation,
      const std::function<absl::StatusOr<v1::Plan>(const v1::Plan& current)>& change) override;
  absl::Status Remove(const std::string& id, const std::string& actor,
                      const std::function<absl::Status(const v1::Plan& current)>& check) override;
  absl::StatusOr<std::vector<v1::PlanRevision>> Revisions(const std::string& id) override;
  absl::StatusOr<v1::PlanComment> AddComment(
      const std::string& id, const v1::PlanComment& c, const std::string& request_id,
      const std::map<std::string, std::string>& people,
      const std::function<absl::Status(const v1::Plan& current)>& check) override;
  absl::StatusOr<std::vector<v1::PlanComment>> Comments(const std::string& id,
                                                        const std::string& activity) override;
  absl::StatusOr<bool> AnnounceDue(const v1::Plan& p, const v1::PlanActivity& activity) override;
  absl::StatusOr<std::map<std::string, std::string>> PeopleOrganisations(
      const std::vector<std::string>& handles) override;

 private:
  db::Pool& pool_;
  std::function<void()> after_commit_;
};

// The durable consumers registry-organisations and registry-users: an
// organisation created on the platform (atlas.audit.organisation.created)
// becomes one plans may name; a user created, moved or disabled
// (atlas.audit.user.*) one their discussions may mention. Anything else is
// ignored.
absl::Status RecordIdentity(pqxx::transaction_base& tx, const bus::Event& event);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_PLANS_H_
