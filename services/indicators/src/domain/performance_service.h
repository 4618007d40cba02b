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

 private:
  PerformanceStore& store_;
};

// The years a framework's dashboard covers: from the earliest baseline or
// measurement to the latest target or measurement.
std::pair<int, int> YearsOf(const Framework& f);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PERFORMANCE_SERVICE_H_
