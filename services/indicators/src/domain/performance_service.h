// A programme's performance framework as its dashboard shows it, and the
// recording of measured values (analysts): validation at the edge, the
// measurement and its events written together.
#ifndef ATLAS_INDICATORS_DOMAIN_PERFORMANCE_SERVICE_H_
#define ATLAS_INDICATORS_DOMAIN_PERFORMANCE_SERVICE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "indicators/domain/performance.h"
#include "indicators/domain/performance_store.h"

namespace atlas::indicators {

struct Dashboard {
  Framework framework = {};
  int from = 0, to = 0;                       // the years shown
  std::map<std::string, Series> series = {};  // by indicator id
  std::map<std::string, Projection> projections = {};
};

class PerformanceService final {
 public:
  explicit PerformanceService(PerformanceStore& store) : store_(store) {}

  // NOT_FOUND for an unknown programme.
  absl::StatusOr<Dashboard> Get(const std::string& programme);

  // Records `m` for `indicator` (not a formula): every bad field named at
  // once in the three languages, nothing written then. Publishes
  // atlas.indicators.indicator.measured, and .off_track when the value just
  // recorded turns the indicator's projection off target.
  absl::Status Record(const std::string& indicator, const Measurement& m, const std::string& actor);
  // Publishes atlas.indicators.indicator.due once for every value due by
  // `today` (YYYY-MM-DD) and still missing (DueValues); returns how many
  // were announced now.
  absl::StatusOr<int> AnnounceDue(const std::string& today);

  // An indicator's definition as analysts set it: unit, direction, source,
  // baseline, formula (none: measured) and the targets of the programming
  // version covering `first_year`..+2 (they replace that version's years).
  // Every bad field named at once (a target outside the version's years, a
  // formula with an unknown input or a cycle, …); the etag read ("r<n>")
  // must be the current one (ABORTED otherwise); nothing written then.
  struct Definition {
    std::string unit = {};
    Direction direction = Direction::kUp;
    std::string source = {};
    int baseline_year = 0;
    std::optional<double> baseline = {};
    std::optional<Formula> formula = {};
    std::vector<std::pair<int, double>> targets = {};  // as sent (duplicates named)
  };
  absl::StatusOr<Indicator> Define(const std::string& indicator, const Definition& d,
                                   int first_year, const std::string& etag);

 private:
  // The programme holding `indicator`; NOT_FOUND worded for a caller.
  absl::StatusOr<std::string> ProgrammeOf(const std::string& indicator);

  PerformanceStore& store_;
};

// The years a framework's dashboard covers: from the earliest baseline or
// measurement to the latest target or measurement.
std::pair<int, int> YearsOf(const Framework& f);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PERFORMANCE_SERVICE_H_
