// Data quality of a project record: completeness of the key fields a public
// sheet and the portfolio analysis need, freshness, validation state.
#ifndef ATLAS_REGISTRY_DOMAIN_QUALITY_H_
#define ATLAS_REGISTRY_DOMAIN_QUALITY_H_

#include <string>
#include <vector>

#include "atlas/registry/v1/registry_service.pb.h"

namespace atlas::registry {

struct QualityScore {
  int score = 0;                     // 0..100
  std::vector<std::string> missing;  // JSON field names, then "stale", "unpublished"
};

// 70 points shared by the ten key fields, 15 if updated within a year, 15 if
// published.
QualityScore ScoreQuality(const v1::Project& p, int days_since_update, bool published);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_QUALITY_H_
