// Data quality of a project record.
#include "registry/domain/quality.h"

#include <cmath>

#include "registry/domain/project.h"

namespace atlas::registry {

QualityScore ScoreQuality(const v1::Project& p, int days_since_update, bool published) {
  const std::pair<const char*, bool> key[] = {
      {"title", !IsEmpty(p.title())},
      {"summary", !IsEmpty(p.summary())},
      {"objectives", !IsEmpty(p.objectives())},
      {"themes", p.themes_size() > 0},
      {"regionCodes", p.region_codes_size() > 0},
      {"status", p.status() != v1::ACTIVITY_STATUS_UNSPECIFIED},
      {"plannedStart", p.has_planned_start() && p.planned_start().year() > 0},
      {"budget", p.budget_size() > 0},
      {"participatingOrganisations", p.participating_organisations_size() > 0},
      {"targetGroups", p.target_groups_size() > 0},
  };
  QualityScore out;
  int present = 0;
  for (const auto& [name, ok] : key) {
    if (ok)
      ++present;
    else
      out.missing.emplace_back(name);
  }
  const bool fresh = days_since_update <= 365;
  if (!fresh) out.missing.emplace_back("stale");
  if (!published) out.missing.emplace_back("unpublished");
  out.score = static_cast<int>(std::lround(70.0 * present / std::size(key))) + (fresh ? 15 : 0) +
              (published ? 15 : 0);
  return out;
}

}  // namespace atlas::registry
