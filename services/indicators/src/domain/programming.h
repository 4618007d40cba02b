// The rolling three-year budget programming (PBT, LOF 130-13): versions that
// each cover years N..N+2, their budget lines — programme × region × action ×
// chapter × year, commitment credits (CE) and payment credits (CP) in MAD,
// with execution (committed, paid) — the rules a line must keep, adoption
// (an adopted version is frozen), the roll to N+1..N+3, the line-by-line
// comparison of two versions and the programme × region totals. Pure
// computation and rules; no transport, no SQL.
#ifndef ATLAS_INDICATORS_DOMAIN_PROGRAMMING_H_
#define ATLAS_INDICATORS_DOMAIN_PROGRAMMING_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"

namespace atlas::indicators {

// The three chapters of the budget (titre I personnel, matériel et dépenses
// diverses, titre II investissement).
inline constexpr const char* kChapters[] = {"PERSONNEL", "MDD", "INVESTISSEMENT"};

// One of the 12 regions (MA-01 … MA-12, ISO 3166-2:MA) or "central".
bool IsRegion(const std::string& region);

// What identifies a line within a version.
struct LineKey {
  std::string programme = {};
  std::string region = {};  // MA-01…MA-12 or "central"
  std::string action = {};  // "" for the programme's lines without an action
  std::string chapter = {};
  int year = 0;
  auto operator<=>(const LineKey&) const = default;
};

// The same programme × region × action × chapter (any year).
bool SameSeries(const LineKey& a, const LineKey& b);

// Amounts in MAD (whole dirhams).
struct BudgetLine {
  LineKey key = {};
  int64_t ce = 0;
  int64_t cp = 0;
  std::optional<int64_t> committed = {};  // execution; none: not reported yet
  std::optional<int64_t> paid = {};
  std::string reason = {};  // why it changed (shown in the comparison)
  int64_t revision = 0;
};

struct ProgrammingVersion {
  int id = 0;
  int first_year = 0;           // covers first_year .. first_year + 2
  std::string state = "draft";  // draft | adopted
  int based_on = 0;             // the version it was rolled from; 0: none
  std::string label = {};
};

// INVALID_ARGUMENT naming every rule `line` breaks within `version`, given
// the other lines of the same programme × region × action × chapter
// (`siblings`, any years): year in the version, a known chapter and region,
// no negative amount, paid ≤ committed ≤ CE, and the payments allowed by the
// commitments — CP summed up to each year never above CE summed up to it.
absl::Status CheckLine(const ProgrammingVersion& version, const BudgetLine& line,
                       const std::vector<BudgetLine>& siblings);

// INVALID_ARGUMENT naming line.programme / line.action when the store has no
// such programme, or no such action in the line's programme.
absl::Status UnknownLineParts(bool programme_known, bool action_known);

// INVALID_ARGUMENT naming what is wrong with the key's programme, action,
// chapter and region (what CheckLine checks that needs no version): checked
// before anything reaches a store.
absl::Status CheckLineKey(const LineKey& key);

// FAILED_PRECONDITION if `version` is adopted (frozen), naming it.
absl::Status CheckWritable(const ProgrammingVersion& version);

// The roll: N+1..N+3 from a version covering N..N+2 — years N+1 and N+2
// carried as they are (execution dropped, reason "carried"), N+3 proposed
// as N+2's amounts (reason "proposed: N+2 carried"). FAILED_PRECONDITION
// unless `from` is adopted.
absl::Status CheckRollable(const ProgrammingVersion& from);
std::vector<BudgetLine> Roll(const ProgrammingVersion& from, const std::vector<BudgetLine>& lines);

struct LineChange {
  LineKey key = {};
  std::optional<BudgetLine> before = {};  // none: added
  std::optional<BudgetLine> after = {};   // none: removed
  int64_t ce_delta = 0;
  int64_t cp_delta = 0;
};

// Every line that differs (added, removed, CE or CP changed), in key order.
std::vector<LineChange> Compare(const std::vector<BudgetLine>& from,
                                const std::vector<BudgetLine>& to);

struct Total {
  int64_t ce = 0, cp = 0;
  int64_t committed = 0, paid = 0;
};

// CE and CP (and execution reported) by programme × region × year.
std::map<std::tuple<std::string, std::string, int>, Total> TotalsByProgrammeRegion(
    const std::vector<BudgetLine>& lines);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PROGRAMMING_H_
