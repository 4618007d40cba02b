// Choropleth statistics: projects and budget per region, province or country
// of residence of the diaspora, with class breaks for the legend.
#ifndef ATLAS_GEO_DOMAIN_AREAS_H_
#define ATLAS_GEO_DOMAIN_AREAS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "geo/domain/map_model.h"

namespace atlas::geo {

struct AreaQuery {
  std::string level = "region";             // region | province | country
  std::string metric = "count";             // count | budget | budget_per_capita
  int classes = 5;                          // 2–9
  std::string classification = "quantile";  // quantile | jenks
};

// Validates the query's words; INVALID_ARGUMENT with field violations.
absl::Status CheckAreaQuery(const AreaQuery& q);

struct AreaStat {
  const Area* area = nullptr;
  int count = 0;                // projects in the area
  double budget_eur = 0;        // their budgets, each split evenly over its areas
  std::optional<double> value;  // the metric (none: no data, see no_data)
  // Why there is no value: "no_population" (per capita, the area has no
  // population figure), "no_budget" (budget metrics, its projects report no
  // budget); empty when there is one. Missing is drawn as missing, not as 0.
  std::string no_data;
  int klass = -1;                     // index into breaks, -1 for no value or zero
  std::map<std::string, int> themes;  // projects per theme
};

struct AreaReport {
  std::vector<AreaStat> areas;  // every area of the level, by code
  std::vector<double> breaks;   // upper bounds of the classes (non-zero values)
  int projects = 0;             // distinct projects selected
  double budget_eur = 0;        // their budgets
  int unlocated_projects = 0;   // selected but in no area of the level
  double unlocated_budget_eur = 0;
};

AreaReport ComputeAreas(const MapModel& model, const std::vector<const MapProject*>& projects,
                        const AreaQuery& q);

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_AREAS_H_
