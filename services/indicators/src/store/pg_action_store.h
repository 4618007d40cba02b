// Actions, their links to projects and the registry-projects read model in
// PostgreSQL (schema "indicators").
#ifndef ATLAS_INDICATORS_STORE_PG_ACTION_STORE_H_
#define ATLAS_INDICATORS_STORE_PG_ACTION_STORE_H_

#include <cstdint>
#include <functional>
#include <utility>

#include <pqxx/pqxx>

#include "indicators/domain/actions.h"

namespace atlas::db {
class Pool;
}

namespace atlas::indicators {

// What an event says of a project's public version (none: not public).
struct ProjectVersion {
  std::string project = {};
  bool is_public = false;
  core::Localized title = {};
  std::string status = {};
  std::string organisation = {};
  bool demo = false;
  uint64_t seq = 0;  // the event's stream sequence
};

// Upserts the read model's row unless a later event wrote it; if what the
// public is shown of the project changed (public or not, title, status,
// demo) and actions list it, appends atlas.indicators.programme.changed for
// each of their programmes.
absl::Status ApplyProject(pqxx::work& tx, const ProjectVersion& p);

// A link made or removed appends atlas.indicators.programme.changed
// (project_linked, project_unlinked) in its transaction; linking twice or
// unlinking what is not linked changes nothing and announces nothing.
class PgActionStore final : public ActionStore {
 public:
  // `wake`: called after a commit that wrote to the outbox (the relay).
  explicit PgActionStore(db::Pool& pool, std::function<void()> wake = {})
      : pool_(pool), wake_(std::move(wake)) {}
  absl::StatusOr<Action> Find(const std::string& id) override;
  absl::StatusOr<std::vector<ScheduledAction>> Schedule(const std::string& programme) override;
  absl::StatusOr<std::vector<Action>> ForOrganisation(const std::string& organisation) override;
  absl::Status Link(const std::string& action, const std::string& project,
                    const std::string& actor) override;
  absl::Status Unlink(const std::string& action, const std::string& project) override;

 private:
  // In one transaction: NOT_FOUND without the action; `write` (false: it
  // changed nothing); if it changed something, programme.changed `change`
  // for the action's programme — the relay woken after the commit.
  using LinkWrite = std::function<absl::StatusOr<bool>(pqxx::work&)>;
  absl::Status ChangeLink(const std::string& action, const std::string& project,
                          const std::string& change, const LinkWrite& write);

  db::Pool& pool_;
  std::function<void()> wake_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_PG_ACTION_STORE_H_
