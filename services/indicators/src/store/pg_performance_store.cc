// The performance framework: one programme read in four queries; a
// measurement upserted with its events in one transaction.
#include "indicators/store/pg_performance_store.h"

#include <map>

#include <pqxx/pqxx>

#include "atlas/core/json.h"
#include "atlas/db/pool.h"
#include "indicators/store/outbox_event.h"

namespace atlas::indicators {
namespace {

core::Localized Texts(const pqxx::field& f) { return core::LocalizedFromJson(f.as<std::string>()); }

template <typename T>
std::optional<T> Maybe(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<T>();
}

// One programme's framework, read within `tx`.
absl::Status LoadIn(pqxx::transaction_base& tx, const std::string& programme, Framework& f) {
  {
    pqxx::result p = tx.exec_params(
        "SELECT id, code, title_fr, title_ar, title_en, responsible, demo, strategy::text"
        " FROM programmes"
        " WHERE id = $1",
        programme);
    if (p.empty()) return absl::NotFoundError(programme);
    f.programme = p[0][0].as<std::string>();
    f.code = p[0][1].as<std::string>();
    f.title = {.en = p[0][4].as<std::string>(),
               .fr = p[0][2].as<std::string>(),
               .ar = p[0][3].as<std::string>()};
    f.responsible = p[0][5].as<std::string>();
    f.demo = p[0][6].as<bool>();
    f.strategy = Texts(p[0][7]);
    std::map<std::string, size_t> objective_at;
    for (const auto& r : tx.exec_params(
             "SELECT id, title::text FROM objectives WHERE programme_id = $1 ORDER BY position, id",
             programme)) {
      objective_at[r[0].as<std::string>()] = f.objectives.size();
      f.objectives.push_back({.id = r[0].as<std::string>(), .title = Texts(r[1])});
    }
    std::map<std::string, size_t> at;
    for (const auto& r : tx.exec_params(
             "SELECT i.id, i.objective_id, i.title::text, i.definition::text, i.unit, i.direction,"
             " i.source, i.frequency, i.formula_numerator, i.formula_denominator,"
             " i.formula_factor, i.baseline_year, i.baseline, i.revision"
             " FROM indicators i JOIN objectives o ON o.id = i.objective_id"
             " WHERE o.programme_id = $1 ORDER BY o.position, i.position, i.id",
             programme)) {
      Indicator i{.id = r[0].as<std::string>(),
                  .objective = r[1].as<std::string>(),
                  .title = Texts(r[2]),
                  .definition = Texts(r[3]),
                  .unit = r[4].as<std::string>(),
                  .direction = r[5].as<std::string>() == "DOWN" ? Direction::kDown : Direction::kUp,
                  .source = r[6].as<std::string>(),
                  .frequency = r[7].as<std::string>()};
      if (!r[8].is_null()) {
        i.formula = Formula{r[8].as<std::string>(), r[9].is_null() ? "" : r[9].as<std::string>(),
                            r[10].as<double>()};
      }
      i.baseline_year = r[11].is_null() ? 0 : r[11].as<int>();
      i.baseline = Maybe<double>(r[12]);
      i.revision = r[13].as<int64_t>();
      f.objectives[objective_at.at(i.objective)].indicators.push_back(i.id);
      at[i.id] = f.indicators.size();
      f.indicators.push_back(std::move(i));
    }
    for (const auto& r :
         tx.exec_params("SELECT t.indicator_id, t.year, t.value FROM indicator_targets t"
                        " JOIN indicators i ON i.id = t.indicator_id JOIN objectives o ON o.id = "
                        "i.objective_id"
                        " WHERE o.programme_id = $1",
                        programme)) {
      f.indicators[at.at(r[0].as<std::string>())].targets[r[1].as<int>()] = r[2].as<double>();
    }
    for (const auto& r : tx.exec_params(
             "SELECT m.indicator_id, m.year, m.region, m.sex, m.value, m.provisional, m.source,"
             " coalesce(to_char(m.measured_on, 'YYYY-MM-DD'), ''), m.comment"
             " FROM measurements m JOIN indicators i ON i.id = m.indicator_id"
             " JOIN objectives o ON o.id = i.objective_id WHERE o.programme_id = $1"
             " ORDER BY m.year, m.region, m.sex",
             programme)) {
      f.indicators[at.at(r[0].as<std::string>())].measurements.push_back(
          {.year = r[1].as<int>(),
           .region = r[2].as<std::string>(),
           .sex = r[3].as<std::string>(),
           .value = Maybe<double>(r[4]),
           .provisional = r[5].as<bool>(),
           .source = r[6].as<std::string>(),
           .date = r[7].as<std::string>(),
           .comment = r[8].as<std::string>()});
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Framework> PgPerformanceStore::Load(const std::string& programme) {
  Framework f;
  absl::Status s = pool_.Read(
      [&](pqxx::transaction_base& tx) -> absl::Status { return LoadIn(tx, programme, f); });
  if (!s.ok()) return s;
  return f;
}

absl::StatusOr<std::string> PgPerformanceStore::ProgrammeOf(const std::string& indicator) {
  std::string programme;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(
        "SELECT o.programme_id FROM indicators i JOIN objectives o ON o.id = i.objective_id"
        " WHERE i.id = $1",
        indicator);
    if (r.empty()) return absl::NotFoundError(indicator);
    programme = r[0][0].as<std::string>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return programme;
}

absl::Status PgPerformanceStore::Record(const std::string& indicator, const Measurement& m,
                                        const std::string& actor,
                                        const std::vector<OutboxEvent>& events) {
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_params(
        "INSERT INTO measurements (indicator_id, year, region, sex, value, provisional, source,"
        " measured_on, comment, recorded_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, '')::date, $9, $10)"
        " ON CONFLICT (indicator_id, year, region, sex) DO UPDATE SET value = EXCLUDED.value,"
        " provisional = EXCLUDED.provisional, source = EXCLUDED.source,"
        " measured_on = EXCLUDED.measured_on, comment = EXCLUDED.comment,"
        " recorded_by = EXCLUDED.recorded_by, recorded_at = now()",
        indicator, m.year, m.region, m.sex, m.value, m.provisional, m.source, m.date, m.comment,
        actor);
    for (const OutboxEvent& e : events) {
      if (absl::Status a = AppendEvent(tx, e); !a.ok()) {
        return a;
      }
    }
    return absl::OkStatus();
  });
  if (s.ok() && wake_ && !events.empty()) wake_();
  return s;
}

absl::StatusOr<std::vector<std::string>> PgPerformanceStore::Programmes() {
  std::vector<std::string> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec("SELECT id FROM programmes ORDER BY id")) {
      out.push_back(r[0].as<std::string>());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<bool> PgPerformanceStore::AnnounceDue(const std::string& indicator, int year,
                                                     const OutboxEvent& e) {
  bool inserted = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    inserted = !tx.exec_params(
                      "INSERT INTO indicator_due_notices (indicator_id, year) VALUES ($1, $2)"
                      " ON CONFLICT DO NOTHING RETURNING year",
                      indicator, year)
                    .empty();
    if (!inserted) return absl::OkStatus();
    return AppendEvent(tx, e);
  });
  if (!s.ok()) return s;
  if (inserted && wake_) wake_();
  return inserted;
}

absl::StatusOr<Indicator> PgPerformanceStore::Define(const std::string& programme,
                                                     const std::string& indicator,
                                                     std::pair<int, int> years,
                                                     const DecideIndicator& decide,
                                                     const OutboxEvent& changed) {
  Indicator out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    if (tx.exec_params("SELECT 1 FROM programmes WHERE id = $1 FOR UPDATE", programme).empty()) {
      return absl::NotFoundError(programme);
    }
    Framework f;
    if (absl::Status l = LoadIn(tx, programme, f); !l.ok()) return l;
    absl::StatusOr<Indicator> next = decide(f);
    if (!next.ok()) return next.status();
    const std::optional<Formula>& formula = next->formula;
    pqxx::result r = tx.exec_params(
        "UPDATE indicators SET unit = $2, direction = $3, source = $4, baseline_year = $5,"
        " baseline = $6, formula_numerator = $7, formula_denominator = NULLIF($8, ''),"
        " formula_factor = $9, revision = revision + 1 WHERE id = $1 RETURNING revision",
        indicator, next->unit, next->direction == Direction::kDown ? "DOWN" : "UP", next->source,
        next->baseline ? std::optional<int>(next->baseline_year) : std::nullopt, next->baseline,
        formula ? std::optional<std::string>(formula->numerator) : std::nullopt,
        formula ? formula->denominator : std::string(), formula ? formula->factor : 1.0);
    if (r.empty()) return absl::NotFoundError(indicator);
    tx.exec_params(
        "DELETE FROM indicator_targets WHERE indicator_id = $1 AND year BETWEEN $2 AND $3",
        indicator, years.first, years.second);
    for (const auto& [year, value] : next->targets) {
      tx.exec_params(
          "INSERT INTO indicator_targets (indicator_id, year, value) VALUES ($1, $2, $3)",
          indicator, year, value);
    }
    out = *std::move(next);
    out.revision = r[0][0].as<int64_t>();
    return AppendEvent(tx, changed);
  });
  if (!s.ok()) return s;
  if (wake_) wake_();
  return out;
}

}  // namespace atlas::indicators
