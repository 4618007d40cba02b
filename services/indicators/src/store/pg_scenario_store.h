// What-if scenarios in PostgreSQL (schema "indicators"): a scenario row and
// its moves; promotion writes a new draft version in the same transaction.
#ifndef ATLAS_INDICATORS_STORE_PG_SCENARIO_STORE_H_
#define ATLAS_INDICATORS_STORE_PG_SCENARIO_STORE_H_

#include "indicators/domain/scenario_service.h"

namespace atlas::db {
class Pool;
}

namespace atlas::indicators {

class PgScenarioStore final : public ScenarioStore {
 public:
  explicit PgScenarioStore(db::Pool& pool) : pool_(pool) {}
  absl::StatusOr<std::vector<Scenario>> List() override;
  absl::StatusOr<Scenario> Get(int id) override;
  absl::StatusOr<Scenario> Create(int base, const std::string& title,
                                  const std::string& actor) override;
  absl::Status AddMove(int id, const Move& move, const Check& check) override;
  absl::StatusOr<ProgrammingVersion> Promote(int id, const ProgrammingVersion& base,
                                             const std::vector<BudgetLine>& lines,
                                             const std::string& actor, const Check& check) override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_PG_SCENARIO_STORE_H_
