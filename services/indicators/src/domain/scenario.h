// What-if scenarios over a programming version (issue 20, item 4): a
// scenario is copy-on-write — it keeps only its moves of CE and/or CP from
// one line to another (between programmes, regions or actions) and is read
// as the base version's lines with the moves applied; the base, adopted or
// not, is never written. Assessing a scenario gives the totals by programme
// and year, each region's share of CP, and the indicators whose targets
// become at risk. Promoting it makes a new draft version. Pure: no SQL.
#ifndef ATLAS_INDICATORS_DOMAIN_SCENARIO_H_
#define ATLAS_INDICATORS_DOMAIN_SCENARIO_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {

enum class Measure { kCe, kCp, kBoth };

// "CE", "CP", "BOTH" (the API's and the store's names); none for anything else.
const char* MeasureName(Measure m);
std::optional<Measure> MeasureOf(const std::string& name);

// Moves `amount` MAD of CE, CP or both from one line to another (a new line
// if the destination has none).
struct Move {
  LineKey from = {};
  LineKey to = {};
  Measure measure = Measure::kCp;
  int64_t amount = 0;
  std::string reason = {};
  std::string actor = {};
};

struct Scenario {
  int id = 0;
  int base = 0;  // the programming version it starts from
  std::string title = {};
  std::string created_by = {};
  int promoted_to = 0;   // the draft version it became; 0: not promoted
  int64_t revision = 1;  // 1, then one more per move ("r<n>" etag)
  std::vector<Move> moves = {};
};

// The base lines with `moves` applied in order. INVALID_ARGUMENT naming
// move.* for the first move that breaks a rule: a positive amount, a
// different destination, a source line that exists and keeps enough (never
// negative), a destination valid in the version (year, region, chapter),
// and on both lines CP cumulated never above CE cumulated.
absl::StatusOr<std::vector<BudgetLine>> ApplyMoves(const ProgrammingVersion& base,
                                                   std::vector<BudgetLine> lines,
                                                   const std::vector<Move>& moves);

// A move's own fields (amount, measure, reason, keys): checked before any store.
absl::Status CheckMoveFields(const Move& move);

struct ProgrammeYear {
  std::string programme = {};
  int year = 0;
  Total before = {}, after = {};
};

struct RegionShare {
  std::string region = {};
  int64_t cp_before = 0, cp_after = 0;  // over the version's three years
  double share_before = 0, share_after = 0;
};

// An indicator whose target the scenario puts at risk: its programme loses
// `cut` of its CP in a year with a target, and its projected achievement,
// scaled by what is left (results assumed proportional to payment
// credits), falls under kOffTrackBelow.
struct AtRisk {
  std::string indicator = {};
  std::string programme = {};
  core::Localized title = {};
  int year = 0;  // the target year with the deepest cut
  double cut = 0;
  std::optional<double> achievement = {};  // projected, as things are
  double achievement_scenario = 0;
};

struct Assessment {
  std::vector<ProgrammeYear> programmes = {};  // those the moves changed
  std::vector<RegionShare> regions = {};
  std::vector<AtRisk> at_risk = {};
  Total total_before = {}, total_after = {};
};

inline constexpr double kCutThatCounts = 0.01;  // a CP cut under 1 % puts nothing at risk

// `dashboards`: the frameworks of the programmes whose CP was cut.
Assessment Assess(const std::vector<BudgetLine>& before, const std::vector<BudgetLine>& after,
                  const std::map<std::string, Dashboard>& dashboards);

// The programmes whose CP the scenario lowers in some year.
std::vector<std::string> ProgrammesCut(const std::vector<BudgetLine>& before,
                                       const std::vector<BudgetLine>& after);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_SCENARIO_H_
