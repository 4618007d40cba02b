// What-if scenarios for analysts: create one on a version, move credits,
// read what it changes, promote it to a new draft version. The store keeps
// the scenario and its moves only (copy-on-write); the base is never written.
#ifndef ATLAS_INDICATORS_DOMAIN_SCENARIO_SERVICE_H_
#define ATLAS_INDICATORS_DOMAIN_SCENARIO_SERVICE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programming_service.h"
#include "indicators/domain/scenario.h"

namespace atlas::indicators {

class ScenarioStore {
 public:
  virtual ~ScenarioStore() = default;
  virtual absl::StatusOr<std::vector<Scenario>> List() = 0;  // without their moves
  virtual absl::StatusOr<Scenario> Get(int id) = 0;          // NOT_FOUND if none
  virtual absl::StatusOr<Scenario> Create(int base, const std::string& title,
                                          const std::string& actor) = 0;
  // With the scenario locked: `check(current)`, then `move` appended
  // (revision + 1), in one transaction.
  using Check = std::function<absl::Status(const Scenario& current)>;
  virtual absl::Status AddMove(int id, const Move& move, const Check& check) = 0;
  // With the scenario locked: `check(current)`, then a new draft version
  // covering `base`'s years (based on it) with `lines`, and the scenario
  // marked promoted to it, in one transaction.
  virtual absl::StatusOr<ProgrammingVersion> Promote(int id, const ProgrammingVersion& base,
                                                     const std::vector<BudgetLine>& lines,
                                                     const std::string& actor,
                                                     const Check& check) = 0;
};

struct ScenarioView {
  Scenario scenario = {};
  ProgrammingVersion base = {};
  Assessment assessment = {};
};

class ScenarioService final {
 public:
  ScenarioService(ScenarioStore& store, ProgrammingService& programming,
                  PerformanceService& performance)
      : store_(store), programming_(programming), performance_(performance) {}

  absl::StatusOr<std::vector<Scenario>> List();
  // INVALID_ARGUMENT for an empty or too long title; NOT_FOUND for an unknown base.
  absl::StatusOr<Scenario> Create(int base, const std::string& title, const std::string& actor);
  absl::StatusOr<ScenarioView> Get(int id);
  // The move checked against the scenario as it is (every rule named as
  // move.*), with the etag read ("r<n>"; ABORTED when another move came
  // first); FAILED_PRECONDITION once promoted.
  absl::StatusOr<ScenarioView> AddMove(int id, const Move& move, const std::string& etag);
  absl::StatusOr<ProgrammingVersion> Promote(int id, const std::string& etag,
                                             const std::string& actor);

 private:
  // The base and its lines with the scenario's moves applied.
  absl::StatusOr<ScenarioView> Apply(const Scenario& s, std::vector<BudgetLine>* before,
                                     std::vector<BudgetLine>* after);

  // The scenario `id` applied, if it may change (not promoted, etag as read).
  absl::StatusOr<ScenarioView> Changing(int id, const std::string& etag,
                                        std::vector<BudgetLine>* before,
                                        std::vector<BudgetLine>* after);

  ScenarioStore& store_;
  ProgrammingService& programming_;
  PerformanceService& performance_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_SCENARIO_SERVICE_H_
