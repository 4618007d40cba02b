// Dashboards and measurements of the performance framework.
#include "indicators/domain/performance_service.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"
#include "atlas/indicators/events/v1/indicator_events.pb.h"
#include "indicators/domain/programme.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kNoIndicator = {"there is no indicator {0}", "il n'y a pas d'indicateur {0}",
                                     "لا يوجد مؤشر {0}"};
constexpr core::Text kComputed = {
    "is computed from a formula over other indicators: record their values instead",
    "est calculé par une formule sur d'autres indicateurs : saisissez plutôt leurs valeurs",
    "يحسب بصيغة من مؤشرات أخرى: أدخل قيمها بدلا من ذلك"};
constexpr core::Text kTargetOutside = {
    "year {0} is outside the programming version, which covers {1}–{2}",
    "l'année {0} est hors de la version de la programmation, qui couvre {1}–{2}",
    "السنة {0} خارج نسخة البرمجة التي تغطي {1}–{2}"};
constexpr core::Text kNotFinite = {"must be a finite number", "doit être un nombre fini",
                                   "يجب أن يكون عددا محدودا"};
constexpr core::Text kBadDate = {"must be a date YYYY-MM-DD", "doit être une date AAAA-MM-JJ",
                                 "يجب أن يكون تاريخا بصيغة YYYY-MM-DD"};

bool IsDate(const std::string& d) {
  static const std::regex kDate("(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
  return std::regex_match(d, kDate);
}

absl::Status Validate(const Measurement& m) {
  std::vector<core::FieldViolation> bad;
  if (m.year < 2000 || m.year > 2100) {
    bad.push_back(core::Violation("measurement.year", core::texts::kBetween, {"2000", "2100"}));
  }
  if (!m.region.empty() && !IsRegion(m.region)) {  // "": national
    bad.push_back(core::Violation("measurement.region", core::texts::kOneOf,
                                  {"\"\" (national), central, MA-01 … MA-12"}));
  }
  if (m.sex != "_T" && m.sex != "M" && m.sex != "F") {
    bad.push_back(core::Violation("measurement.sex", core::texts::kOneOf, {"_T, M, F"}));
  }
  if (m.value && !std::isfinite(*m.value)) {
    bad.push_back(core::Violation("measurement.value", kNotFinite));
  }
  core::CheckText(m.source, "measurement.source", 300, true, false, bad);
  if (!m.date.empty() && !IsDate(m.date))
    bad.push_back(core::Violation("measurement.date", kBadDate));
  core::CheckText(m.comment, "measurement.comment", 2000, false, true, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

}  // namespace

std::pair<int, int> YearsOf(const Framework& f) {
  int from = 0, to = 0;
  auto see = [&](int y) {
    if (y <= 0) return;
    from = from == 0 ? y : std::min(from, y);
    to = std::max(to, y);
  };
  for (const Indicator& i : f.indicators) {
    see(i.baseline_year);
    for (const auto& [year, v] : i.targets) see(year);
    for (const Measurement& m : i.measurements) see(m.year);
  }
  return {from, to};
}

absl::StatusOr<Dashboard> PerformanceService::Get(const std::string& programme) {
  // Not an id any programme can have: none (nothing else reaches the store).
  absl::StatusOr<Framework> f =
      core::IsSlugId(programme) ? store_.Load(programme) : absl::NotFoundError(programme);
  if (absl::IsNotFound(f.status())) {
    return core::Error(absl::StatusCode::kNotFound, kNoProgramme, {programme.substr(0, 80)});
  }
  if (!f.ok()) return f.status();
  Dashboard d{.framework = *std::move(f)};
  std::tie(d.from, d.to) = YearsOf(d.framework);
  if (absl::Status s = CheckFormulas(d.framework.indicators); !s.ok()) return s;
  d.series = Evaluate(d.framework.indicators, d.from, d.to);
  for (const Indicator& i : d.framework.indicators) {
    d.projections[i.id] = Project(i, d.series[i.id]);
  }
  return d;
}

absl::StatusOr<std::string> PerformanceService::ProgrammeOf(const std::string& indicator) {
  absl::StatusOr<std::string> programme =
      core::IsSlugId(indicator) ? store_.ProgrammeOf(indicator) : absl::NotFoundError("");
  if (absl::IsNotFound(programme.status())) {
    return core::Error(absl::StatusCode::kNotFound, kNoIndicator,
                       {"indicators/" + indicator.substr(0, 64)});
  }
  return programme;
}

absl::Status PerformanceService::Record(const std::string& indicator, const Measurement& m,
                                        const std::string& actor) {
  if (absl::Status s = Validate(m); !s.ok()) return s;
  absl::StatusOr<std::string> programme = ProgrammeOf(indicator);
  if (!programme.ok()) return programme.status();
  absl::StatusOr<Framework> f = store_.Load(*programme);
  if (!f.ok()) return f.status();
  auto it = std::find_if(f->indicators.begin(), f->indicators.end(),
                         [&](const Indicator& i) { return i.id == indicator; });
  if (it == f->indicators.end()) return absl::InternalError("indicator outside its programme");
  if (it->formula) return core::InvalidFields({core::Violation("indicator", kComputed)});

  // The projection before and after this value (national figures only).
  auto projected = [&](const Framework& fw, const Indicator& i) {
    auto [from, to] = YearsOf(fw);
    return Project(i, Evaluate(fw.indicators, from, to)[i.id]);
  };
  const Projection before = projected(*f, *it);
  std::erase_if(it->measurements, [&](const Measurement& x) {
    return x.year == m.year && x.region == m.region && x.sex == m.sex;
  });
  it->measurements.push_back(m);
  const Projection after = projected(*f, *it);

  const std::string name = "indicators/" + indicator;
  std::vector<OutboxEvent> events;
  events::v1::IndicatorMeasured measured;
  measured.set_name(name);
  measured.set_programme("programmes/" + *programme);
  measured.set_year(m.year);
  measured.set_region(m.region);
  measured.set_sex(m.sex);
  if (m.value) measured.set_value(*m.value);
  measured.set_provisional(m.provisional);
  measured.set_demo(f->demo);
  measured.set_actor(actor);
  events.push_back({"ma.sharaka.atlas.indicator.measured.v1", "atlas.indicators.indicator.measured",
                    name, measured.SerializeAsString()});
  if (after.off_track && !before.off_track && after.value && after.achievement) {
    events::v1::IndicatorOffTrack off;
    off.set_name(name);
    off.set_programme("programmes/" + *programme);
    off.set_target_year(after.year);
    off.set_target(it->targets.at(after.year));
    off.set_projected(*after.value);
    off.set_achievement(*after.achievement);
    off.set_demo(f->demo);
    events.push_back({"ma.sharaka.atlas.indicator.off_track.v1",
                      "atlas.indicators.indicator.off_track", name, off.SerializeAsString()});
  }
  return store_.Record(indicator, m, actor, events);
}

absl::StatusOr<int> PerformanceService::AnnounceDue(const std::string& today) {
  absl::StatusOr<std::vector<std::string>> programmes = store_.Programmes();
  if (!programmes.ok()) return programmes.status();
  int announced = 0;
  for (const std::string& programme : *programmes) {
    absl::StatusOr<Framework> f = store_.Load(programme);
    if (!f.ok()) return f.status();
    for (const DueValue& d : DueValues(f->indicators, today)) {
      events::v1::IndicatorDue due;
      due.set_name("indicators/" + d.indicator);
      due.set_programme("programmes/" + programme);
      due.set_year(d.year);
      due.set_due_date(d.due);
      due.set_target(d.target);
      due.set_demo(f->demo);
      absl::StatusOr<bool> now =
          store_.AnnounceDue(d.indicator, d.year,
                             {"ma.sharaka.atlas.indicator.due.v1", "atlas.indicators.indicator.due",
                              due.name(), due.SerializeAsString()});
      if (!now.ok()) return now.status();
      announced += *now ? 1 : 0;
    }
  }
  return announced;
}

absl::StatusOr<Indicator> PerformanceService::Define(const std::string& indicator,
                                                     const Definition& d, int first_year,
                                                     const std::string& etag) {
  std::vector<core::FieldViolation> bad;
  core::CheckText(d.unit, "indicator.unit", 40, true, false, bad);
  core::CheckText(d.source, "indicator.source", 300, false, false, bad);
  if (d.baseline &&
      (!std::isfinite(*d.baseline) || d.baseline_year < 2000 || d.baseline_year > 2100)) {
    bad.push_back(
        core::Violation("indicator.baseline_year", core::texts::kBetween, {"2000", "2100"}));
  }
  std::set<int> years;
  for (size_t k = 0; k < d.targets.size(); ++k) {
    const auto& [year, value] = d.targets[k];
    const std::string field = "indicator.targets[" + std::to_string(k) + "]";
    if (year < first_year || year > first_year + 2) {
      bad.push_back(core::Violation(
          field + ".year", kTargetOutside,
          {std::to_string(year), std::to_string(first_year), std::to_string(first_year + 2)}));
    } else if (!years.insert(year).second) {
      bad.push_back(
          core::Violation(field + ".year", core::texts::kDuplicate, {std::to_string(year)}));
    }
    if (!std::isfinite(value)) bad.push_back(core::Violation(field + ".value", kNotFinite));
  }
  if (d.formula && (!std::isfinite(d.formula->factor) || d.formula->factor == 0)) {
    bad.push_back(core::Violation("indicator.formula.factor", kNotFinite));
  }
  std::optional<int64_t> revision;
  if (!etag.empty() && !(revision = core::RevisionOfEtag(etag))) {
    bad.push_back(core::Violation("etag", core::texts::kOneOf, {"r<n>"}));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  absl::StatusOr<std::string> programme = ProgrammeOf(indicator);
  if (!programme.ok()) return programme.status();
  return store_.Define(
      *programme, indicator, {first_year, first_year + 2},
      [&](const Framework& f) -> absl::StatusOr<Indicator> {
        std::vector<Indicator> next = f.indicators;
        auto it = std::find_if(next.begin(), next.end(),
                               [&](const Indicator& i) { return i.id == indicator; });
        if (it == next.end()) return absl::NotFoundError(indicator);
        if (revision && *revision != it->revision) {
          return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead,
                             {"indicators/" + indicator});
        }
        it->unit = d.unit;
        it->direction = d.direction;
        it->source = d.source;
        it->baseline_year = d.baseline ? d.baseline_year : 0;
        it->baseline = d.baseline;
        it->formula = d.formula;
        it->targets.clear();
        for (const auto& [year, value] : d.targets) it->targets[year] = value;
        // The formulas of the whole programme with this one changed: unknown
        // inputs and cycles named on this indicator's formula.
        if (absl::Status s = CheckFormulas(next); !s.ok()) {
          std::vector<core::FieldViolation> named = core::FieldViolations(s);
          for (core::FieldViolation& v : named) v.field = "indicator.formula";
          return core::InvalidFields(named);
        }
        return *it;
      },
      ProgrammeChangedEvent(*programme, "indicator_defined", "indicators/" + indicator));
}

OutboxEvent ProgrammeChangedEvent(const std::string& programme, const std::string& change,
                                  const std::string& subject, const std::string& project) {
  events::v1::ProgrammeChanged e;
  e.set_name("programmes/" + programme);
  e.set_change(change);
  e.set_subject(subject);
  e.set_project(project);
  return {"ma.sharaka.atlas.programme.changed.v1", "atlas.indicators.programme.changed", e.name(),
          e.SerializeAsString()};
}

}  // namespace atlas::indicators
