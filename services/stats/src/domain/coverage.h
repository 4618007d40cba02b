// Two geographies side by side (issue 19, item 8): Moroccans abroad by
// country of residence next to the registry's public projects whose diaspora
// countries include that country — persons per active project, and the
// countries without any project ranked by their population. The projects come
// from a read model fed by the registry's events (events/registry_events.h),
// never from a call to the registry at query time.
#ifndef ATLAS_STATS_DOMAIN_COVERAGE_H_
#define ATLAS_STATS_DOMAIN_COVERAGE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stats/domain/dataset_service.h"

namespace atlas::stats {

// Public projects per diaspora country: active ones (not closed, cancelled
// or suspended) and, of those, how many are demo projects.
struct ProjectCount {
  int active = 0;
  int demo = 0;
};

// The read model's port (PostgreSQL; a map in unit tests).
class ProjectCountStore {
 public:
  virtual ~ProjectCountStore() = default;
  virtual absl::StatusOr<std::map<std::string, ProjectCount>> ActiveByCountry() = 0;
};

struct CountryCoverage {
  std::string country = {};             // ISO 3166-1 alpha-3
  std::optional<int64_t> persons = {};  // as the reader may see it; none: no figure
  bool small = false;
  ProjectCount projects = {};
  std::optional<double> persons_per_project = {};  // none without projects or persons
};

struct Coverage {
  Dataset dataset = {};
  std::string period = {};
  bool exact = false;
  // Countries with projects first (persons per project, descending), then
  // those without, ranked by persons.
  std::vector<CountryCoverage> countries = {};
  ProjectCount projects = {};  // over every country (a project counts once per country)
};

// `period`: a TIME_PERIOD of the dataset ("" = its latest). Only datasets
// with REF_AREA and TIME_PERIOD; the both-sexes total where SEX has one.
absl::StatusOr<Coverage> CoverageOf(DatasetService& datasets, ProjectCountStore& projects,
                                    std::string_view dataset, std::string period,
                                    const Reader& who);

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_COVERAGE_H_
