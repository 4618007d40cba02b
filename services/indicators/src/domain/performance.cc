// Values, achievement and projection of a programme's indicators.
#include "indicators/domain/performance.h"

#include <algorithm>
#include <functional>
#include <set>

#include "atlas/core/status.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kUnknownIndicator = {"refers to an unknown indicator \"{0}\"",
                                          "renvoie à un indicateur inconnu « {0} »",
                                          "يحيل إلى مؤشر غير معروف «{0}»"};
constexpr core::Text kCycle = {"is part of a cycle of formulas ({0})",
                               "fait partie d'un cycle de formules ({0})", "جزء من حلقة صيغ ({0})"};

}  // namespace

absl::Status CheckFormulas(const std::vector<Indicator>& indicators) {
  std::map<std::string, const Indicator*> by_id;
  for (const Indicator& i : indicators) by_id[i.id] = &i;
  std::vector<core::FieldViolation> bad;
  for (const Indicator& i : indicators) {
    if (!i.formula) continue;
    for (const std::string* input : {&i.formula->numerator, &i.formula->denominator}) {
      if (input == &i.formula->denominator && input->empty()) continue;
      if (!by_id.contains(*input)) {
        bad.push_back(core::Violation("indicators[" + i.id + "].formula", kUnknownIndicator,
                                      {input->substr(0, 64)}));
      }
    }
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  // Depth-first: grey = on the current path; reaching a grey one is a cycle.
  enum { kWhite, kGrey, kBlack };
  std::map<std::string, int> colour;
  std::vector<std::string> path;
  std::set<std::string> in_cycle;
  std::function<void(const Indicator&)> visit = [&](const Indicator& i) {
    colour[i.id] = kGrey;
    path.push_back(i.id);
    if (i.formula) {
      for (const std::string& input : {i.formula->numerator, i.formula->denominator}) {
        if (input.empty()) continue;
        if (colour[input] == kGrey) {
          for (auto it = std::find(path.begin(), path.end(), input); it != path.end(); ++it) {
            in_cycle.insert(*it);
          }
        } else if (colour[input] == kWhite) {
          visit(*by_id[input]);
        }
      }
    }
    path.pop_back();
    colour[i.id] = kBlack;
  };
  for (const Indicator& i : indicators) {
    if (colour[i.id] == kWhite) visit(i);
  }
  for (const std::string& id : in_cycle) {
    bad.push_back(core::Violation("indicators[" + id + "].formula", kCycle,
                                  {std::to_string(in_cycle.size())}));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

std::map<std::string, Series> Evaluate(const std::vector<Indicator>& indicators, int from, int to) {
  std::map<std::string, const Indicator*> by_id;
  for (const Indicator& i : indicators) by_id[i.id] = &i;
  std::map<std::string, Series> out;
  // An input that is unknown or part of a cycle (CheckFormulas refuses both;
  // this stays safe on data that did not pass it) reads as missing.
  std::set<std::string> busy;
  std::function<const Series*(const std::string&)> input;
  std::function<const Series&(const Indicator&)> series = [&](const Indicator& i) -> const Series& {
    if (auto it = out.find(i.id); it != out.end()) return it->second;
    busy.insert(i.id);
    const Series* num = i.formula ? input(i.formula->numerator) : nullptr;
    const Series* den =
        i.formula && !i.formula->denominator.empty() ? input(i.formula->denominator) : nullptr;
    const bool has_den = i.formula && !i.formula->denominator.empty();
    Series s;
    for (int year = from; year <= to; ++year) {
      Point p;
      if (!i.formula) {
        for (const Measurement& m : i.measurements) {
          if (m.year != year || !m.region.empty() || m.sex != "_T") continue;
          p.value = m.value;
          p.basis = m.value ? Basis::kMeasured : Basis::kNotAvailable;
          p.provisional = m.provisional;
        }
      } else {
        const Point* n = num != nullptr ? &num->at(year) : nullptr;
        const Point* d = den != nullptr ? &den->at(year) : nullptr;
        p.provisional = (n != nullptr && n->provisional) || (d != nullptr && d->provisional);
        if (n == nullptr || !n->value || (has_den && (d == nullptr || !d->value))) {
          p.basis = Basis::kMissingInput;
        } else if (has_den && *d->value == 0) {
          p.basis = Basis::kZeroDenominator;
        } else {
          p.value = *n->value / (has_den ? *d->value : 1.0) * i.formula->factor;
          p.basis = Basis::kComputed;
        }
      }
      s[year] = p;
    }
    busy.erase(i.id);
    return out[i.id] = std::move(s);
  };
  input = [&](const std::string& id) -> const Series* {
    auto it = by_id.find(id);
    if (it == by_id.end() || busy.contains(id)) return nullptr;
    return &series(*it->second);
  };
  for (const Indicator& i : indicators) series(i);
  return out;
}

std::optional<double> Achievement(const Indicator& indicator, double actual, int year) {
  auto target = indicator.targets.find(year);
  if (!indicator.baseline || target == indicator.targets.end() ||
      target->second == *indicator.baseline) {
    return std::nullopt;
  }
  return (actual - *indicator.baseline) / (target->second - *indicator.baseline);
}

Projection Project(const Indicator& indicator, const Series& series) {
  Projection out;
  if (indicator.targets.empty()) return out;
  out.year = indicator.targets.rbegin()->first;
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& [year, p] : series) {
    if (!p.value) continue;  // missing points are not invented
    n += 1;
    sx += year;
    sy += *p.value;
    sxx += static_cast<double>(year) * year;
    sxy += year * *p.value;
  }
  if (n < 2 || n * sxx == sx * sx) return out;
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const double intercept = (sy - slope * sx) / n;
  out.value = intercept + slope * out.year;
  out.achievement = Achievement(indicator, *out.value, out.year);
  out.off_track = out.achievement && *out.achievement < kOffTrackBelow;
  return out;
}

std::vector<DueValue> DueValues(const std::vector<Indicator>& indicators,
                                const std::string& today) {
  std::vector<DueValue> out;
  for (const Indicator& i : indicators) {
    if (i.formula) continue;
    for (const auto& [year, target] : i.targets) {
      const std::string due = std::to_string(year + 1) + kDueMonthDay;
      if (due > today) continue;  // dates as text: YYYY-MM-DD sorts as it reads
      const bool reported =
          std::any_of(i.measurements.begin(), i.measurements.end(), [&](const Measurement& m) {
            return m.year == year && m.region.empty() && m.sex == "_T";
          });
      if (!reported) out.push_back({.indicator = i.id, .year = year, .due = due, .target = target});
    }
  }
  return out;
}

}  // namespace atlas::indicators
