#include "indicators/store/pg_action_store.h"

#include <map>

#include "atlas/core/json.h"
#include "atlas/db/pool.h"
#include "indicators/store/outbox_event.h"

namespace atlas::indicators {

absl::Status ApplyProject(pqxx::work& tx, const ProjectVersion& p) {
  // One statement, as stats' project counts do: `old` is the row before it
  // (a CTE reads the statement's snapshot), `up` the row it wrote (none when
  // a later event wrote it first); the actions listing the project answer
  // only when what the public is shown of it changed.
  for (const auto& r : tx.exec_params(
           "WITH old AS (SELECT public, title, status, demo FROM registry_projects"
           "             WHERE project = $1),"
           " up AS (INSERT INTO registry_projects"
           " (project, public, title, status, organisation, demo, seq)"
           " VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)"
           " ON CONFLICT (project) DO UPDATE SET public = EXCLUDED.public, title = EXCLUDED.title,"
           " status = EXCLUDED.status, organisation = EXCLUDED.organisation, demo = EXCLUDED.demo,"
           " seq = EXCLUDED.seq WHERE registry_projects.seq < EXCLUDED.seq"
           " RETURNING public, title, status, demo)"
           " SELECT DISTINCT a.programme_id, a.id FROM up LEFT JOIN old o ON true,"
           " action_projects l JOIN actions a ON a.id = l.action_id"
           " WHERE l.project = $1 AND (o.public IS NULL OR (o.public, o.title, o.status, o.demo)"
           "   IS DISTINCT FROM (up.public, up.title, up.status, up.demo))"
           " ORDER BY 1, 2",
           p.project, p.is_public, core::LocalizedToJson(p.title), p.status, p.organisation, p.demo,
           static_cast<int64_t>(p.seq))) {
    if (absl::Status s =
            AppendEvent(tx, ProgrammeChangedEvent(r[0].as<std::string>(), "project_updated",
                                                  "actions/" + r[1].as<std::string>(), p.project));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Action> PgActionStore::Find(const std::string& id) {
  Action a;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(
        "SELECT id, programme_id, code, title::text, region, demo FROM actions WHERE id = $1", id);
    if (r.empty()) return absl::NotFoundError(id);
    a = {.id = r[0][0].as<std::string>(),
         .programme = r[0][1].as<std::string>(),
         .code = r[0][2].as<std::string>(),
         .title = core::LocalizedFromJson(r[0][3].as<std::string>()),
         .region = r[0][4].as<std::string>(),
         .demo = r[0][5].as<bool>()};
    for (const auto& p : tx.exec_params(
             "SELECT l.project, coalesce(p.public, false), coalesce(p.title::text, '{}'),"
             " coalesce(p.status, ''), coalesce(p.demo, false)"
             " FROM action_projects l LEFT JOIN registry_projects p ON p.project = l.project"
             " WHERE l.action_id = $1 ORDER BY l.linked_at, l.project",
             id)) {
      a.projects.push_back({.project = p[0].as<std::string>(),
                            .is_public = p[1].as<bool>(),
                            .title = core::LocalizedFromJson(p[2].as<std::string>()),
                            .status = p[3].as<std::string>(),
                            .demo = p[4].as<bool>()});
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return a;
}

absl::Status PgActionStore::ChangeLink(const std::string& action, const std::string& project,
                                       const std::string& change, const LinkWrite& write) {
  bool changed = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result programme =
        tx.exec_params("SELECT programme_id FROM actions WHERE id = $1", action);
    if (programme.empty()) return absl::NotFoundError(action);
    absl::StatusOr<bool> wrote = write(tx);
    if (!wrote.ok()) return wrote.status();
    changed = *wrote;
    if (!changed) return absl::OkStatus();
    return AppendEvent(tx, ProgrammeChangedEvent(programme[0][0].as<std::string>(), change,
                                                 "actions/" + action, project));
  });
  if (s.ok() && changed && wake_) wake_();
  return s;
}

absl::Status PgActionStore::Link(const std::string& action, const std::string& project,
                                 const std::string& actor) {
  return ChangeLink(action, project, "project_linked", [&](pqxx::work& tx) -> absl::StatusOr<bool> {
    if (tx.exec_params("SELECT 1 FROM registry_projects WHERE project = $1 AND public", project)
            .empty()) {
      return absl::FailedPreconditionError(project);
    }
    return !tx.exec_params(
                  "INSERT INTO action_projects (action_id, project, linked_by) VALUES ($1, $2, $3)"
                  " ON CONFLICT DO NOTHING RETURNING project",
                  action, project, actor)
                .empty();
  });
}

absl::Status PgActionStore::Unlink(const std::string& action, const std::string& project) {
  return ChangeLink(action, project, "project_unlinked",
                    [&](pqxx::work& tx) -> absl::StatusOr<bool> {
                      return !tx.exec_params(
                                    "DELETE FROM action_projects WHERE action_id = $1 AND"
                                    " project = $2 RETURNING project",
                                    action, project)
                                  .empty();
                    });
}

absl::StatusOr<std::vector<ScheduledAction>> PgActionStore::Schedule(const std::string& programme) {
  std::vector<ScheduledAction> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    if (tx.exec_params("SELECT 1 FROM programmes WHERE id = $1", programme).empty()) {
      return absl::NotFoundError(programme);
    }
    std::map<std::string, size_t> at;
    for (const auto& r : tx.exec_params(
             "SELECT id, code, title::text, region, coalesce(starts_on::text, ''),"
             " coalesce(ends_on::text, ''), demo FROM actions WHERE programme_id = $1 ORDER BY id",
             programme)) {
      at[r[0].as<std::string>()] = out.size();
      out.push_back({.id = r[0].as<std::string>(),
                     .code = r[1].as<std::string>(),
                     .title = core::LocalizedFromJson(r[2].as<std::string>()),
                     .region = r[3].as<std::string>(),
                     .starts = r[4].as<std::string>(),
                     .ends = r[5].as<std::string>(),
                     .demo = r[6].as<bool>()});
    }
    for (const auto& r : tx.exec_params(
             "SELECT m.action_id, m.due_on::text, m.title::text, m.done FROM action_milestones m"
             " JOIN actions a ON a.id = m.action_id WHERE a.programme_id = $1"
             " ORDER BY m.action_id, m.position",
             programme)) {
      out[at.at(r[0].as<std::string>())].milestones.push_back(
          {.due = r[1].as<std::string>(),
           .title = core::LocalizedFromJson(r[2].as<std::string>()),
           .done = r[3].as<bool>()});
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<Action>> PgActionStore::ForOrganisation(
    const std::string& organisation) {
  std::vector<Action> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    for (const auto& r : tx.exec_params(
             "SELECT a.id, a.programme_id, a.code, a.title::text, a.region, a.demo, p.project,"
             " p.title::text, p.status, p.demo"
             " FROM actions a JOIN action_projects l ON l.action_id = a.id"
             " JOIN registry_projects p ON p.project = l.project"
             " WHERE p.organisation = $1 AND p.public ORDER BY a.programme_id, a.code, p.project",
             organisation)) {
      if (out.empty() || out.back().id != r[0].as<std::string>()) {
        out.push_back({.id = r[0].as<std::string>(),
                       .programme = r[1].as<std::string>(),
                       .code = r[2].as<std::string>(),
                       .title = core::LocalizedFromJson(r[3].as<std::string>()),
                       .region = r[4].as<std::string>(),
                       .demo = r[5].as<bool>()});
      }
      out.back().projects.push_back({.project = r[6].as<std::string>(),
                                     .is_public = true,
                                     .title = core::LocalizedFromJson(r[7].as<std::string>()),
                                     .status = r[8].as<std::string>(),
                                     .demo = r[9].as<bool>()});
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace atlas::indicators
