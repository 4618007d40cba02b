// Choropleth statistics.
#include "geo/domain/areas.h"

#include <algorithm>

#include "atlas/core/status.h"
#include "geo/domain/classify.h"

namespace atlas::geo {
namespace {

constexpr core::Text kLevels = {"must be region, province or country",
                                "doit être region, province ou country",
                                "يجب أن يكون region أو province أو country"};
constexpr core::Text kMetrics = {"must be count, budget or budget_per_capita",
                                 "doit être count, budget ou budget_per_capita",
                                 "يجب أن يكون count أو budget أو budget_per_capita"};
constexpr core::Text kNoPopulation = {
    "budget_per_capita is available for regions (2014 census) and countries (Moroccans "
    "registered in 2004), not for provinces",
    "budget_per_capita existe pour les régions (recensement 2014) et les pays (Marocains "
    "immatriculés en 2004), pas pour les provinces",
    "budget_per_capita متاح للجهات (إحصاء 2014) وللبلدان (المغاربة المسجلون سنة 2004)، وليس "
    "للأقاليم"};
constexpr core::Text kClasses = {"must be from 2 to 9", "doit être compris entre 2 et 9",
                                 "يجب أن يكون بين 2 و9"};
constexpr core::Text kClassification = {"must be quantile or jenks", "doit être quantile ou jenks",
                                        "يجب أن يكون quantile أو jenks"};

const std::vector<std::string>& CodesAt(const MapProject& p, const std::string& level) {
  return level == "region" ? p.regions : level == "province" ? p.provinces : p.diaspora_countries;
}

}  // namespace

absl::Status CheckAreaQuery(const AreaQuery& q) {
  std::vector<core::FieldViolation> bad;
  if (q.level != "region" && q.level != "province" && q.level != "country") {
    bad.push_back(core::Violation("level", kLevels));
  }
  if (q.metric != "count" && q.metric != "budget" && q.metric != "budget_per_capita") {
    bad.push_back(core::Violation("metric", kMetrics));
  } else if (q.metric == "budget_per_capita" && q.level == "province") {
    bad.push_back(core::Violation("metric", kNoPopulation));
  }
  if (q.classes < 2 || q.classes > 9) bad.push_back(core::Violation("classes", kClasses));
  if (q.classification != "quantile" && q.classification != "jenks") {
    bad.push_back(core::Violation("classification", kClassification));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

AreaReport ComputeAreas(const MapModel& model, const std::vector<const MapProject*>& projects,
                        const AreaQuery& q) {
  AreaReport out;
  std::map<std::string, size_t> at;
  for (const Area& a : model.areas()) {
    if (a.level != q.level) continue;
    at[a.code] = out.areas.size();
    AreaStat stat;
    stat.area = &a;
    out.areas.push_back(std::move(stat));
  }
  for (const MapProject* p : projects) {
    ++out.projects;
    out.budget_eur += p->budget_eur;
    std::vector<size_t> mine;
    for (const auto& code : CodesAt(*p, q.level)) {
      auto it = at.find(code);
      if (it != at.end() && std::find(mine.begin(), mine.end(), it->second) == mine.end()) {
        mine.push_back(it->second);
      }
    }
    if (mine.empty()) {
      ++out.unlocated_projects;
      out.unlocated_budget_eur += p->budget_eur;
      continue;
    }
    for (size_t i : mine) {
      AreaStat& s = out.areas[i];
      ++s.count;
      s.budget_eur += p->budget_eur / static_cast<double>(mine.size());
      for (const auto& t : p->themes) ++s.themes[t];
    }
  }
  std::vector<double> values;
  for (AreaStat& s : out.areas) {
    if (q.metric == "count") {
      s.value = s.count;
    } else if (s.count > 0 && s.budget_eur <= 0) {
      s.no_data = "no_budget";  // projects, none with a budget: unknown, not zero
    } else if (q.metric == "budget" || s.count == 0) {
      s.value = s.budget_eur;  // no project: zero, per inhabitant too
    } else if (s.area->population <= 0) {
      s.no_data = "no_population";  // a budget, nothing to divide it by
    } else {
      s.value = s.budget_eur / static_cast<double>(s.area->population);
    }
    if (s.value && *s.value > 0) values.push_back(*s.value);
  }
  out.breaks = q.classification == "jenks" ? JenksBreaks(values, q.classes)
                                           : QuantileBreaks(values, q.classes);
  for (AreaStat& s : out.areas) {
    if (!s.value || *s.value <= 0) continue;
    s.klass = static_cast<int>(std::lower_bound(out.breaks.begin(), out.breaks.end(), *s.value) -
                               out.breaks.begin());
  }
  return out;
}

}  // namespace atlas::geo
