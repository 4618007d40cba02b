// The performance framework of a programme (LOF 130-13): objectives and their
// indicators — measured, or a formula over other indicators — with a
// baseline, targets, and what they say: values per year where missing stays
// missing (never zero, never interpolated; a formula with a missing input is
// missing), the achievement rate from baseline to target, and a trend
// projection that flags an indicator heading off target. Pure computation:
// no transport, no SQL.
#ifndef ATLAS_INDICATORS_DOMAIN_PERFORMANCE_H_
#define ATLAS_INDICATORS_DOMAIN_PERFORMANCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "atlas/core/i18n.h"

namespace atlas::indicators {

enum class Direction { kUp, kDown };  // which way is good

// value = numerator / denominator × factor (no denominator: numerator × factor).
struct Formula {
  std::string numerator = {};    // an indicator's id
  std::string denominator = {};  // an indicator's id, or ""
  double factor = 1;
};

// One measured value: national (region "", sex "_T") or disaggregated.
struct Measurement {
  int year = 0;
  std::string region = {};           // "" national, MA-01…MA-12, or "central"
  std::string sex = "_T";            // _T, M, F
  std::optional<double> value = {};  // none: measured as not available
  bool provisional = false;
  std::string source = {};
  std::string date = {};  // YYYY-MM-DD
  std::string comment = {};
};

struct Indicator {
  std::string id = {};
  std::string objective = {};
  core::Localized title = {};
  core::Localized definition = {};
  std::string unit = {};
  Direction direction = Direction::kUp;
  std::string source = {};
  std::string frequency = "ANNUAL";
  std::optional<Formula> formula = {};
  int baseline_year = 0;
  std::optional<double> baseline = {};
  std::map<int, double> targets = {};  // year → target
  std::vector<Measurement> measurements = {};
  int64_t revision = 1;  // of its definition ("r<n>" etag)
};

// Why a year has the value it has.
enum class Basis {
  kMeasured,        // a national measurement
  kComputed,        // a formula over values that are all there
  kNotMeasured,     // no measurement for the year
  kNotAvailable,    // measured as not available
  kMissingInput,    // a formula input is missing
  kZeroDenominator  // a formula's denominator is 0
};

struct Point {
  std::optional<double> value = {};
  Basis basis = Basis::kNotMeasured;
  bool provisional = false;  // a provisional measurement (or input) went into it
};

using Series = std::map<int, Point>;  // year → point

// INVALID_ARGUMENT naming every formula that refers to an unknown indicator
// or is part of a cycle (`indicators[ID].formula`).
absl::Status CheckFormulas(const std::vector<Indicator>& indicators);

// Every indicator's national series over [from, to] (formulas resolved).
// The formulas must pass CheckFormulas.
std::map<std::string, Series> Evaluate(const std::vector<Indicator>& indicators, int from, int to);

// How far `actual` went from the baseline to the target of `year`:
// (actual − baseline) / (target − baseline); 1 = reached. None without a
// baseline, a target for the year, or when they are equal.
std::optional<double> Achievement(const Indicator& indicator, double actual, int year);

inline constexpr double kOffTrackBelow = 0.9;  // projected achievement under this: off track

struct Projection {
  int year = 0;                      // the target year projected to
  std::optional<double> value = {};  // none: fewer than two values to project from
  std::optional<double> achievement = {};
  bool off_track = false;
};

// A least-squares line through the series' values (at least two), projected
// to the last target year; off track when its achievement would fall under
// kOffTrackBelow.
Projection Project(const Indicator& indicator, const Series& series);

// When a year's value is due: the indicators are reported with the year's
// performance report, prepared in the first quarter of the next year, so a
// value for year Y is due on 31 March of Y + 1 (month-day below).
inline constexpr const char* kDueMonthDay = "-03-31";

struct DueValue {
  std::string indicator = {};
  int year = 0;
  std::string due = {};  // YYYY-MM-DD
  double target = 0;
};

// The values that are due by `today` (YYYY-MM-DD) and missing: for every
// measured indicator (not a formula), each year with a target whose due
// date has passed and that has no national measurement (a value measured as
// not available counts as reported).
std::vector<DueValue> DueValues(const std::vector<Indicator>& indicators, const std::string& today);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PERFORMANCE_H_
