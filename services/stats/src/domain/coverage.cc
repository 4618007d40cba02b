// Persons per active project by country of residence.
#include "stats/domain/coverage.h"

#include <algorithm>

#include "absl/strings/str_join.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"

namespace atlas::stats {
namespace {

constexpr core::Text kNoCountries = {
    "has no country of residence and period (REF_AREA, TIME_PERIOD) to compare with projects",
    "n'a pas de pays de résidence et de période (REF_AREA, TIME_PERIOD) à comparer aux projets",
    "لا يتضمن بلد إقامة وفترة (REF_AREA، TIME_PERIOD) للمقارنة مع المشاريع"};

bool IsCountry(const std::string& code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

absl::StatusOr<Coverage> CoverageOf(DatasetService& datasets, ProjectCountStore& projects,
                                    std::string_view dataset, std::string period,
                                    const Reader& who) {
  absl::StatusOr<Dataset> d = datasets.Get(dataset);
  if (!d.ok()) return d.status();
  int area = -1, sex = -1, time = -1;
  for (size_t i = 0; i < d->dimensions.size(); ++i) {
    const std::string& id = d->dimensions[i].id;
    if (id == "REF_AREA") area = static_cast<int>(i);
    if (id == "SEX") sex = static_cast<int>(i);
    if (id == "TIME_PERIOD") time = static_cast<int>(i);
  }
  if (area < 0 || time < 0) return core::InvalidFields({core::Violation("name", kNoCountries)});
  absl::StatusOr<std::vector<std::vector<std::string>>> codes = datasets.CodesInUse(dataset);
  if (!codes.ok()) return codes.status();
  const std::vector<std::string>& periods = (*codes)[static_cast<size_t>(time)];
  if (period.empty() && !periods.empty())
    period = *std::max_element(periods.begin(), periods.end());
  if (std::find(periods.begin(), periods.end(), period) == periods.end()) {
    return core::InvalidFields(
        {core::Violation("period", core::texts::kOneOf, {absl::StrJoin(periods, ", ")})});
  }
  Query q{.dataset = std::string(dataset), .group_by = {"REF_AREA"}};
  q.filters.push_back("TIME_PERIOD=" + period);
  if (sex >= 0) {
    const std::vector<std::string>& sexes = (*codes)[static_cast<size_t>(sex)];
    if (std::find(sexes.begin(), sexes.end(), kTotalCode) != sexes.end()) {
      q.filters.push_back(std::string("SEX=") + kTotalCode);
    }
  }
  absl::StatusOr<QueryResult> persons = datasets.Run(q, who);
  if (!persons.ok()) return persons.status();
  absl::StatusOr<std::map<std::string, ProjectCount>> counts = projects.ActiveByCountry();
  if (!counts.ok()) return counts.status();

  Coverage out{.dataset = persons->dataset, .period = period, .exact = persons->exact};
  std::map<std::string, CountryCoverage> rows;
  for (const QueryCell& c : persons->cells) {
    if (!IsCountry(c.key[0])) continue;  // published groups are not countries
    rows[c.key[0]] = {.country = c.key[0], .persons = c.value, .small = c.small};
  }
  for (const auto& [country, n] : *counts) {
    if (!IsCountry(country) || n.active == 0) continue;
    CountryCoverage& row = rows[country];
    row.country = country;
    row.projects = n;
    out.projects.active += n.active;
    out.projects.demo += n.demo;
  }
  for (auto& [country, row] : rows) {
    if (row.persons && row.projects.active > 0) {
      row.persons_per_project = static_cast<double>(*row.persons) / row.projects.active;
    }
    out.countries.push_back(row);
  }
  // With projects: the most persons per project first (where a project
  // serves the most people); then those without, the largest first.
  std::stable_sort(out.countries.begin(), out.countries.end(),
                   [](const CountryCoverage& a, const CountryCoverage& b) {
                     const bool pa = a.projects.active > 0, pb = b.projects.active > 0;
                     if (pa != pb) return pa;
                     if (pa && a.persons_per_project != b.persons_per_project) {
                       return a.persons_per_project.value_or(-1) >
                              b.persons_per_project.value_or(-1);
                     }
                     return a.persons.value_or(-1) > b.persons.value_or(-1);
                   });
  return out;
}

}  // namespace atlas::stats
