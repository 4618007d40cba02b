// Scenarios and their moves; the scenario row locked for every change.
#include "indicators/store/pg_scenario_store.h"

#include <pqxx/pqxx>

#include "atlas/db/pool.h"
#include "indicators/store/budget_rows.h"

namespace atlas::indicators {
namespace {

constexpr const char* kScenarioColumns =
    "SELECT id, base_version, title, created_by, revision, coalesce(promoted_to, 0) FROM scenarios";

Scenario ScenarioOf(const pqxx::row& r) {
  return {.id = r[0].as<int>(),
          .base = r[1].as<int>(),
          .title = r[2].as<std::string>(),
          .created_by = r[3].as<std::string>(),
          .promoted_to = r[5].as<int>(),
          .revision = r[4].as<int64_t>()};
}

// The scenario with its moves, locked when `lock`.
absl::StatusOr<Scenario> Load(pqxx::transaction_base& tx, int id, bool lock) {
  pqxx::result r = tx.exec_params(
      std::string(kScenarioColumns) + " WHERE id = $1" + (lock ? " FOR UPDATE" : ""), id);
  if (r.empty()) return absl::NotFoundError(std::to_string(id));
  Scenario s = ScenarioOf(r[0]);
  for (const auto& m : tx.exec_params(
           "SELECT from_programme, from_region, from_action, from_chapter, from_year,"
           " to_programme, to_region, to_action, to_chapter, to_year, measure, amount, reason,"
           " created_by FROM scenario_moves WHERE scenario_id = $1 ORDER BY seq",
           id)) {
    s.moves.push_back({.from = {m[0].as<std::string>(), m[1].as<std::string>(),
                                m[2].as<std::string>(), m[3].as<std::string>(), m[4].as<int>()},
                       .to = {m[5].as<std::string>(), m[6].as<std::string>(),
                              m[7].as<std::string>(), m[8].as<std::string>(), m[9].as<int>()},
                       .measure = MeasureOf(m[10].as<std::string>()).value_or(Measure::kCp),
                       .amount = m[11].as<int64_t>(),
                       .reason = m[12].as<std::string>(),
                       .actor = m[13].as<std::string>()});
  }
  return s;
}

}  // namespace

absl::StatusOr<std::vector<Scenario>> PgScenarioStore::List() {
  std::vector<Scenario> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec(std::string(kScenarioColumns) + " ORDER BY id")) {
      out.push_back(ScenarioOf(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<Scenario> PgScenarioStore::Get(int id) {
  Scenario out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    absl::StatusOr<Scenario> loaded = Load(tx, id, false);
    if (!loaded.ok()) return loaded.status();
    out = *std::move(loaded);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<Scenario> PgScenarioStore::Create(int base, const std::string& title,
                                                 const std::string& actor) {
  Scenario out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        "INSERT INTO scenarios (base_version, title, created_by) VALUES ($1, $2, $3)"
        " RETURNING id, base_version, title, created_by, revision, 0",
        base, title, actor);
    out = ScenarioOf(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status PgScenarioStore::AddMove(int id, const Move& m, const Check& check) {
  return pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    absl::StatusOr<Scenario> current = Load(tx, id, true);
    if (!current.ok()) return current.status();
    if (absl::Status c = check(*current); !c.ok()) return c;
    tx.exec_params(
        "INSERT INTO scenario_moves (scenario_id, seq, from_programme, from_region, from_action,"
        " from_chapter, from_year, to_programme, to_region, to_action, to_chapter, to_year,"
        " measure, amount, reason, created_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        id, current->revision, m.from.programme, m.from.region, m.from.action, m.from.chapter,
        m.from.year, m.to.programme, m.to.region, m.to.action, m.to.chapter, m.to.year,
        MeasureName(m.measure), m.amount, m.reason, m.actor);
    tx.exec_params("UPDATE scenarios SET revision = revision + 1 WHERE id = $1", id);
    return absl::OkStatus();
  });
}

absl::StatusOr<ProgrammingVersion> PgScenarioStore::Promote(int id, const ProgrammingVersion& base,
                                                            const std::vector<BudgetLine>& lines,
                                                            const std::string& actor,
                                                            const Check& check) {
  ProgrammingVersion out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    absl::StatusOr<Scenario> current = Load(tx, id, true);
    if (!current.ok()) return current.status();
    if (absl::Status c = check(*current); !c.ok()) return c;
    const std::string& label = current->title;
    pqxx::result r = tx.exec_params(
        "INSERT INTO programming_versions (first_year, based_on, label, created_by)"
        " VALUES ($1, $2, $3, $4) RETURNING id",
        base.first_year, base.id, label, actor);
    out = {.id = r[0][0].as<int>(),
           .first_year = base.first_year,
           .state = "draft",
           .based_on = base.id,
           .label = label};
    InsertBudgetLines(tx, out.id, lines, actor);
    tx.exec_params("UPDATE scenarios SET promoted_to = $2 WHERE id = $1", id, out.id);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace atlas::indicators
