// Projects by diaspora country, fixed by the test: for unit tests.
#ifndef ATLAS_STATS_DOMAIN_MEMORY_PROJECT_COUNTS_H_
#define ATLAS_STATS_DOMAIN_MEMORY_PROJECT_COUNTS_H_

#include <map>
#include <string>

#include "stats/domain/coverage.h"

namespace atlas::stats {

class MemoryProjectCounts final : public ProjectCountStore {
 public:
  std::map<std::string, ProjectCount> counts;
  absl::StatusOr<std::map<std::string, ProjectCount>> ActiveByCountry() override { return counts; }
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_MEMORY_PROJECT_COUNTS_H_
