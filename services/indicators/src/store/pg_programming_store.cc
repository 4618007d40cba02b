// Versions and budget lines: every write in one transaction with the version
// row locked (an adoption and a line change cannot interleave) and its
// events in the outbox.
#include "indicators/store/pg_programming_store.h"

#include <pqxx/pqxx>

#include "atlas/db/pool.h"
#include "indicators/store/budget_rows.h"
#include "indicators/store/outbox_event.h"

namespace atlas::indicators {
namespace {

constexpr char kVersionColumns[] =
    "SELECT id, first_year, state, coalesce(based_on, 0), label FROM programming_versions";
constexpr char kLineColumns[] =
    "SELECT programme_id, region, action_id, chapter, year, ce, cp, committed, paid, reason,"
    " revision FROM budget_lines";

ProgrammingVersion VersionOf(const pqxx::row& r) {
  return {.id = r[0].as<int>(),
          .first_year = r[1].as<int>(),
          .state = r[2].as<std::string>(),
          .based_on = r[3].as<int>(),
          .label = r[4].as<std::string>()};
}

BudgetLine LineOf(const pqxx::row& r) {
  BudgetLine l{.key = {.programme = r[0].as<std::string>(),
                       .region = r[1].as<std::string>(),
                       .action = r[2].as<std::string>(),
                       .chapter = r[3].as<std::string>(),
                       .year = r[4].as<int>()},
               .ce = r[5].as<int64_t>(),
               .cp = r[6].as<int64_t>(),
               .reason = r[9].as<std::string>(),
               .revision = r[10].as<int64_t>()};
  if (!r[7].is_null()) l.committed = r[7].as<int64_t>();
  if (!r[8].is_null()) l.paid = r[8].as<int64_t>();
  return l;
}

absl::StatusOr<ProgrammingVersion> LockVersion(pqxx::work& tx, int id) {
  pqxx::result r = tx.exec_params(std::string(kVersionColumns) + " WHERE id = $1 FOR UPDATE", id);
  if (r.empty()) return absl::NotFoundError(std::to_string(id));
  return VersionOf(r[0]);
}

std::vector<BudgetLine> LinesIn(pqxx::transaction_base& tx, int version) {
  std::vector<BudgetLine> out;
  for (const auto& r : tx.exec_params(std::string(kLineColumns) +
                                          " WHERE version_id = $1 ORDER BY programme_id, region,"
                                          " action_id, chapter, year",
                                      version)) {
    out.push_back(LineOf(r));
  }
  return out;
}

void Insert(pqxx::work& tx, int version, const BudgetLine& l, int64_t revision,
            const std::string& actor) {
  tx.exec_params(
      "INSERT INTO budget_lines (version_id, programme_id, region, action_id, chapter, year, ce,"
      " cp, committed, paid, reason, revision, updated_by)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
      " ON CONFLICT (version_id, programme_id, region, action_id, chapter, year) DO UPDATE SET"
      " ce = EXCLUDED.ce, cp = EXCLUDED.cp, committed = EXCLUDED.committed, paid = EXCLUDED.paid,"
      " reason = EXCLUDED.reason, revision = EXCLUDED.revision, updated_by = EXCLUDED.updated_by,"
      " updated_at = now()",
      version, l.key.programme, l.key.region, l.key.action, l.key.chapter, l.key.year, l.ce, l.cp,
      l.committed, l.paid, l.reason, revision, actor);
}

}  // namespace

absl::StatusOr<std::vector<ProgrammingVersion>> PgProgrammingStore::Versions() {
  std::vector<ProgrammingVersion> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec(std::string(kVersionColumns) + " ORDER BY id")) {
      out.push_back(VersionOf(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<ProgrammingVersion> PgProgrammingStore::Version(int id) {
  ProgrammingVersion v;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(std::string(kVersionColumns) + " WHERE id = $1", id);
    if (r.empty()) return absl::NotFoundError(std::to_string(id));
    v = VersionOf(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return v;
}

absl::StatusOr<std::vector<BudgetLine>> PgProgrammingStore::Lines(int version,
                                                                  const std::string& programme) {
  std::vector<BudgetLine> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    if (programme.empty()) {
      out = LinesIn(tx, version);
      return absl::OkStatus();
    }
    for (const auto& r :
         tx.exec_params(std::string(kLineColumns) + " WHERE version_id = $1 AND programme_id = $2"
                                                    " ORDER BY region, action_id, chapter, year",
                        version, programme)) {
      out.push_back(LineOf(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<BudgetLine> PgProgrammingStore::SetLine(int version, const LineKey& key,
                                                       const Decide& decide,
                                                       const std::string& actor) {
  absl::StatusOr<BudgetLine> out = absl::InternalError("not written");
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    absl::StatusOr<ProgrammingVersion> v = LockVersion(tx, version);
    if (!v.ok()) return v.status();
    // What the line names must exist (the programme is a foreign key: an
    // unknown one is the caller's mistake, not a server error). The key's
    // shape was checked before (CheckLineKey).
    const bool programme =
        !tx.exec_params("SELECT 1 FROM programmes WHERE id = $1", key.programme).empty();
    const bool action = key.action.empty() ||
                        !tx.exec_params("SELECT 1 FROM actions WHERE id = $1 AND programme_id = $2",
                                        key.action, key.programme)
                             .empty();
    if (absl::Status known = UnknownLineParts(programme, action); !known.ok()) return known;
    std::vector<BudgetLine> series;
    std::optional<BudgetLine> current;
    for (const auto& r : tx.exec_params(
             std::string(kLineColumns) +
                 " WHERE version_id = $1 AND programme_id = $2 AND region = $3 AND action_id = $4"
                 " AND chapter = $5 ORDER BY year FOR UPDATE",
             version, key.programme, key.region, key.action, key.chapter)) {
      series.push_back(LineOf(r));
      if (series.back().key.year == key.year) current = series.back();
    }
    absl::StatusOr<BudgetLine> next = decide(*v, series, current);
    if (!next.ok()) return next.status();
    next->revision = current ? current->revision + 1 : 1;
    Insert(tx, version, *next, next->revision, actor);
    out = *next;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<ProgrammingVersion> PgProgrammingStore::Adopt(
    int version, const std::string& actor,
    const std::function<absl::StatusOr<OutboxEvent>(const ProgrammingVersion&,
                                                    const std::vector<BudgetLine>&)>& event) {
  ProgrammingVersion out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    absl::StatusOr<ProgrammingVersion> v = LockVersion(tx, version);
    if (!v.ok()) return v.status();
    absl::StatusOr<OutboxEvent> e = event(*v, LinesIn(tx, version));
    if (!e.ok()) return e.status();
    tx.exec_params(
        "UPDATE programming_versions SET state = 'adopted', adopted_at = now(), adopted_by = $2"
        " WHERE id = $1",
        version, actor);
    out = *v;
    out.state = "adopted";
    return AppendEvent(tx, *e);
  });
  if (!s.ok()) return s;
  if (wake_) wake_();
  return out;
}

absl::StatusOr<ProgrammingVersion> PgProgrammingStore::Roll(
    int from, const std::string& actor,
    const std::function<absl::StatusOr<std::vector<BudgetLine>>(
        const ProgrammingVersion&, const std::vector<BudgetLine>&)>& make,
    const std::function<OutboxEvent(const ProgrammingVersion& created, size_t lines)>& event) {
  ProgrammingVersion out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    absl::StatusOr<ProgrammingVersion> source = LockVersion(tx, from);
    if (!source.ok()) return source.status();
    absl::StatusOr<std::vector<BudgetLine>> lines = make(*source, LinesIn(tx, from));
    if (!lines.ok()) return lines.status();
    pqxx::result r = tx.exec_params(
        "INSERT INTO programming_versions (first_year, based_on, label, created_by)"
        " VALUES ($1, $2, $3, $4) RETURNING id",
        source->first_year + 1, from,
        std::to_string(source->first_year + 1) + "–" + std::to_string(source->first_year + 3),
        actor);
    out = {.id = r[0][0].as<int>(),
           .first_year = source->first_year + 1,
           .state = "draft",
           .based_on = from,
           .label = std::to_string(source->first_year + 1) + "–" +
                    std::to_string(source->first_year + 3)};
    InsertBudgetLines(tx, out.id, *lines, actor);
    return AppendEvent(tx, event(out, lines->size()));
  });
  if (!s.ok()) return s;
  if (wake_) wake_();
  return out;
}

}  // namespace atlas::indicators
