// What-if scenarios: moves applied on the base lines, and what they change.
#include "indicators/domain/scenario.h"

#include <algorithm>
#include <set>

#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kPositive = {"must be a positive amount of MAD",
                                  "doit être un montant positif en MAD",
                                  "يجب أن يكون مبلغا موجبا بالدرهم"};
constexpr core::Text kSameLine = {"must differ from the line the credits leave",
                                  "doit différer de la ligne d'où partent les crédits",
                                  "يجب أن يختلف عن السطر الذي تخرج منه الاعتمادات"};
constexpr core::Text kNoLine = {"there is no such line in version {0}",
                                "il n'y a pas de telle ligne dans la version {0}",
                                "لا يوجد هذا السطر في النسخة {0}"};
constexpr core::Text kMoreThanLine = {"is more than the line holds: {0} {1} MAD",
                                      "dépasse ce que la ligne contient : {0} {1} MAD",
                                      "يتجاوز ما في السطر: {0} {1} درهم"};

// `status`'s violations with "line." renamed `prefix` ("move.from.").
absl::Status Renamed(const absl::Status& status, const std::string& prefix) {
  std::vector<core::FieldViolation> bad = core::FieldViolations(status);
  if (bad.empty()) return status;
  for (core::FieldViolation& v : bad) {
    if (v.field.rfind("line.", 0) == 0) v.field = prefix + v.field.substr(5);
  }
  return core::InvalidFields(bad);
}

absl::Status CheckKey(const LineKey& k, const std::string& prefix) {
  return Renamed(CheckLineKey(k), prefix);
}

}  // namespace

const char* MeasureName(Measure m) {
  switch (m) {
    case Measure::kCe:
      return "CE";
    case Measure::kCp:
      return "CP";
    case Measure::kBoth:
      return "BOTH";
  }
  return "CP";
}

std::optional<Measure> MeasureOf(const std::string& name) {
  if (name == "CE") return Measure::kCe;
  if (name == "CP") return Measure::kCp;
  if (name == "BOTH") return Measure::kBoth;
  return std::nullopt;
}

absl::Status CheckMoveFields(const Move& m) {
  std::vector<core::FieldViolation> bad;
  if (m.amount <= 0) bad.push_back(core::Violation("move.amount", kPositive));
  core::CheckText(m.reason, "move.reason", 500, false, false, bad);
  if (m.from == m.to) bad.push_back(core::Violation("move.to", kSameLine));
  for (const auto& [key, prefix] :
       {std::pair{&m.from, "move.from."}, std::pair{&m.to, "move.to."}}) {
    for (core::FieldViolation& v : core::FieldViolations(CheckKey(*key, prefix))) {
      bad.push_back(std::move(v));
    }
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<BudgetLine>> ApplyMoves(const ProgrammingVersion& base,
                                                   std::vector<BudgetLine> lines,
                                                   const std::vector<Move>& moves) {
  std::map<LineKey, size_t> at;
  for (size_t i = 0; i < lines.size(); ++i) at[lines[i].key] = i;
  for (const Move& m : moves) {
    if (absl::Status s = CheckMoveFields(m); !s.ok()) return s;
    auto source = at.find(m.from);
    if (source == at.end()) {
      return core::InvalidFields(
          {core::Violation("move.from", kNoLine, {"programmings/" + std::to_string(base.id)})});
    }
    const int64_t ce = m.measure == Measure::kCp ? 0 : m.amount;
    const int64_t cp = m.measure == Measure::kCe ? 0 : m.amount;
    BudgetLine& from = lines[source->second];
    if (from.ce < ce || from.cp < cp) {
      const bool short_ce = from.ce < ce;
      return core::InvalidFields({core::Violation(
          "move.amount", kMoreThanLine,
          {short_ce ? "CE" : "CP", std::to_string(short_ce ? from.ce : from.cp)})});
    }
    from.ce -= ce;
    from.cp -= cp;
    from.reason = m.reason;
    auto dest = at.find(m.to);
    if (dest == at.end()) {
      dest = at.emplace(m.to, lines.size()).first;
      lines.push_back({.key = m.to});
    }
    BudgetLine& to = lines[dest->second];
    to.ce += ce;
    to.cp += cp;
    to.reason = m.reason;
    // Both lines keep the rules within their series (CP never above CE cumulated).
    for (const auto& [line, prefix] : {std::pair{lines[source->second], "move.from."},
                                       std::pair{lines[dest->second], "move.to."}}) {
      std::vector<BudgetLine> series;
      for (const BudgetLine& l : lines) {
        if (SameSeries(l.key, line.key)) series.push_back(l);
      }
      if (absl::Status s = CheckLine(base, line, series); !s.ok()) return Renamed(s, prefix);
    }
  }
  std::sort(lines.begin(), lines.end(),
            [](const BudgetLine& a, const BudgetLine& b) { return a.key < b.key; });
  return lines;
}

namespace {

std::map<std::pair<std::string, int>, Total> ByProgrammeYear(const std::vector<BudgetLine>& lines) {
  std::map<std::pair<std::string, int>, Total> out;
  for (const BudgetLine& l : lines) {
    Total& t = out[{l.key.programme, l.key.year}];
    t.ce += l.ce;
    t.cp += l.cp;
  }
  return out;
}

}  // namespace

std::vector<std::string> ProgrammesCut(const std::vector<BudgetLine>& before,
                                       const std::vector<BudgetLine>& after) {
  std::set<std::string> out;
  auto b = ByProgrammeYear(before), a = ByProgrammeYear(after);
  for (const auto& [key, t] : b) {
    if (a[key].cp < t.cp) out.insert(key.first);
  }
  return {out.begin(), out.end()};
}

Assessment Assess(const std::vector<BudgetLine>& before, const std::vector<BudgetLine>& after,
                  const std::map<std::string, Dashboard>& dashboards) {
  Assessment out;
  auto b = ByProgrammeYear(before), a = ByProgrammeYear(after);
  std::set<std::pair<std::string, int>> keys;
  for (const auto& [key, t] : b) keys.insert(key);
  for (const auto& [key, t] : a) keys.insert(key);
  for (const auto& key : keys) {
    const Total tb = b[key], ta = a[key];
    out.total_before.ce += tb.ce;
    out.total_before.cp += tb.cp;
    out.total_after.ce += ta.ce;
    out.total_after.cp += ta.cp;
    if (tb.ce != ta.ce || tb.cp != ta.cp) {
      out.programmes.push_back(
          {.programme = key.first, .year = key.second, .before = tb, .after = ta});
    }
  }

  std::map<std::string, std::pair<int64_t, int64_t>> regions;
  for (const BudgetLine& l : before) regions[l.key.region].first += l.cp;
  for (const BudgetLine& l : after) regions[l.key.region].second += l.cp;
  for (const auto& [region, cp] : regions) {
    out.regions.push_back(
        {.region = region,
         .cp_before = cp.first,
         .cp_after = cp.second,
         .share_before = out.total_before.cp ? double(cp.first) / double(out.total_before.cp) : 0,
         .share_after = out.total_after.cp ? double(cp.second) / double(out.total_after.cp) : 0});
  }

  for (const auto& [programme, d] : dashboards) {
    for (const Indicator& i : d.framework.indicators) {
      // The deepest cut of the programme's CP in a year the indicator has a target for.
      double cut = 0;
      int year = 0;
      for (const auto& [y, target] : i.targets) {
        const Total tb = b[{programme, y}], ta = a[{programme, y}];
        if (tb.cp <= 0) continue;
        const double c = 1 - double(ta.cp) / double(tb.cp);
        if (c > cut) {
          cut = c;
          year = y;
        }
      }
      if (cut < kCutThatCounts) continue;
      auto p = d.projections.find(i.id);
      if (p == d.projections.end() || !p->second.achievement) continue;
      const double now = *p->second.achievement;
      const double then = now * (1 - cut);
      // Becomes at risk: on track as things are, off track with the scenario.
      if (now >= kOffTrackBelow && then < kOffTrackBelow) {
        out.at_risk.push_back({.indicator = i.id,
                               .programme = programme,
                               .title = i.title,
                               .year = year,
                               .cut = cut,
                               .achievement = now,
                               .achievement_scenario = then});
      }
    }
  }
  return out;
}

}  // namespace atlas::indicators
