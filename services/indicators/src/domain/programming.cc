// Budget programming rules, roll, comparison and totals.
#include "indicators/domain/programming.h"

#include <algorithm>
#include <regex>

#include "absl/strings/str_join.h"
#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kOutsideVersion = {
    "year {0} is outside version {1}, which covers {2}–{3}",
    "l'année {0} est hors de la version {1}, qui couvre {2}–{3}",
    "السنة {0} خارج النسخة {1} التي تغطي {2}–{3}"};
constexpr core::Text kBadId = {"must name one like {0}demo-101",
                               "doit en nommer un comme {0}demo-101",
                               "يجب أن يسمي واحدا مثل {0}demo-101"};
constexpr core::Text kUnknownPart = {
    "names no {0} of the programming (an action must belong to the line's programme)",
    "ne désigne aucun {0} de la programmation (une action doit appartenir au programme de la "
    "ligne)",
    "لا يحيل على أي {0} في البرمجة (يجب أن تنتمي العملية إلى برنامج السطر)"};
constexpr core::Text kNegative = {"must not be negative", "ne doit pas être négatif",
                                  "يجب ألا يكون سالبا"};
constexpr core::Text kOverCe = {"{0} is above the commitment credits (CE {1})",
                                "{0} dépasse les crédits d'engagement (CE {1})",
                                "{0} يتجاوز اعتمادات الالتزام ({1})"};
constexpr core::Text kPaidOverCommitted = {"paid ({0}) is above committed ({1})",
                                           "le payé ({0}) dépasse l'engagé ({1})",
                                           "المؤدى ({0}) يتجاوز الملتزم به ({1})"};
constexpr core::Text kCpOverCe = {
    "payment credits up to {0} ({1}) exceed the commitment credits up to {0} ({2})",
    "les crédits de paiement cumulés jusqu'à {0} ({1}) dépassent les crédits d'engagement "
    "cumulés ({2})",
    "اعتمادات الأداء المتراكمة حتى {0} ({1}) تتجاوز اعتمادات الالتزام المتراكمة ({2})"};
constexpr core::Text kAdopted = {
    "version {0} is adopted: it is frozen; roll it to make a new draft",
    "la version {0} est adoptée : elle est figée ; faites-la glisser pour créer un nouveau "
    "projet",
    "النسخة {0} معتمدة: هي مجمدة؛ قم بتحيينها لإنشاء مسودة جديدة"};
constexpr core::Text kNotAdopted = {
    "version {0} is a draft: only an adopted version can be rolled",
    "la version {0} est un projet : seule une version adoptée peut glisser",
    "النسخة {0} مسودة: لا يمكن تحيين إلا نسخة معتمدة"};

// What is wrong with the parts of a line's key that need no version.
void KeyViolations(const LineKey& k, std::vector<core::FieldViolation>& bad) {
  if (std::find_if(std::begin(kChapters), std::end(kChapters),
                   [&](const char* c) { return k.chapter == c; }) == std::end(kChapters)) {
    bad.push_back(
        core::Violation("line.chapter", core::texts::kOneOf, {absl::StrJoin(kChapters, ", ")}));
  }
  if (!core::IsSlugId(k.programme)) {
    bad.push_back(core::Violation("line.programme", kBadId, {"programmes/"}));
  }
  if (!k.action.empty() && !core::IsSlugId(k.action)) {
    bad.push_back(core::Violation("line.action", kBadId, {"actions/"}));
  }
  if (!IsRegion(k.region)) {
    bad.push_back(core::Violation("line.region", core::texts::kOneOf, {"central, MA-01 … MA-12"}));
  }
}

}  // namespace

bool IsRegion(const std::string& r) {
  static const std::regex kRegion("MA-(0[1-9]|1[0-2])");
  return r == "central" || std::regex_match(r, kRegion);
}

bool SameSeries(const LineKey& a, const LineKey& b) {
  return a.programme == b.programme && a.region == b.region && a.action == b.action &&
         a.chapter == b.chapter;
}

absl::Status CheckLineKey(const LineKey& key) {
  std::vector<core::FieldViolation> bad;
  KeyViolations(key, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

absl::Status CheckLine(const ProgrammingVersion& version, const BudgetLine& line,
                       const std::vector<BudgetLine>& siblings) {
  std::vector<core::FieldViolation> bad;
  const LineKey& k = line.key;
  if (k.year < version.first_year || k.year > version.first_year + 2) {
    bad.push_back(core::Violation(
        "line.year", kOutsideVersion,
        {std::to_string(k.year), std::to_string(version.id), std::to_string(version.first_year),
         std::to_string(version.first_year + 2)}));
  }
  KeyViolations(k, bad);
  for (auto [field, v] :
       {std::pair{"line.ce", std::optional<int64_t>(line.ce)},
        std::pair{"line.cp", std::optional<int64_t>(line.cp)},
        std::pair{"line.committed", line.committed}, std::pair{"line.paid", line.paid}}) {
    if (v && *v < 0) bad.push_back(core::Violation(field, kNegative));
  }
  core::CheckText(line.reason, "line.reason", 500, false, false, bad);
  if (line.committed && *line.committed > line.ce) {
    bad.push_back(core::Violation("line.committed", kOverCe,
                                  {std::to_string(*line.committed), std::to_string(line.ce)}));
  }
  if (line.paid && line.committed && *line.paid > *line.committed) {
    bad.push_back(core::Violation("line.paid", kPaidOverCommitted,
                                  {std::to_string(*line.paid), std::to_string(*line.committed)}));
  }
  if (bad.empty()) {
    // The series with this line in it, year by year: CP cumulated never
    // above CE cumulated.
    std::map<int, std::pair<int64_t, int64_t>> by_year;
    for (const BudgetLine& s : siblings) {
      if (SameSeries(s.key, k) && s.key.year != k.year) by_year[s.key.year] = {s.ce, s.cp};
    }
    by_year[k.year] = {line.ce, line.cp};
    int64_t ce = 0, cp = 0;
    for (const auto& [year, amounts] : by_year) {
      ce += amounts.first;
      cp += amounts.second;
      if (cp > ce) {
        bad.push_back(core::Violation(
            "line.cp", kCpOverCe, {std::to_string(year), std::to_string(cp), std::to_string(ce)}));
        break;
      }
    }
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

absl::Status UnknownLineParts(bool programme_known, bool action_known) {
  std::vector<core::FieldViolation> bad;
  if (!programme_known) {
    bad.push_back(core::Violation("line.programme", kUnknownPart, {"programme"}));
  }
  if (!action_known) bad.push_back(core::Violation("line.action", kUnknownPart, {"action"}));
  if (!bad.empty()) return core::InvalidFields(bad);
  return absl::OkStatus();
}

absl::Status CheckWritable(const ProgrammingVersion& version) {
  if (version.state != "adopted") return absl::OkStatus();
  return core::Error(absl::StatusCode::kFailedPrecondition, kAdopted, {std::to_string(version.id)});
}

absl::Status CheckRollable(const ProgrammingVersion& from) {
  if (from.state == "adopted") return absl::OkStatus();
  return core::Error(absl::StatusCode::kFailedPrecondition, kNotAdopted, {std::to_string(from.id)});
}

namespace {

bool ByKey(const BudgetLine* a, const BudgetLine* b) { return a->key < b->key; }

// `lines` in key order, without copying them (the stores give them sorted).
std::vector<const BudgetLine*> InKeyOrder(const std::vector<BudgetLine>& lines) {
  std::vector<const BudgetLine*> out;
  out.reserve(lines.size());
  for (const BudgetLine& l : lines) out.push_back(&l);
  if (!std::is_sorted(out.begin(), out.end(), ByKey)) std::sort(out.begin(), out.end(), ByKey);
  return out;
}

}  // namespace

std::vector<BudgetLine> Roll(const ProgrammingVersion& from, const std::vector<BudgetLine>& lines) {
  const int n = from.first_year;
  const std::string proposed_reason = "proposed: " + std::to_string(n + 2) + " carried";
  std::vector<BudgetLine> out;
  out.reserve(lines.size());
  // In key order, N+3 comes right after N+2 of the same series: the result
  // is in key order too.
  for (const BudgetLine* l : InKeyOrder(lines)) {
    if (l->key.year == n) continue;  // the year that ends
    out.push_back({.key = l->key, .ce = l->ce, .cp = l->cp, .reason = "carried"});
    if (l->key.year == n + 2) {
      BudgetLine& proposed = out.emplace_back(out.back());
      proposed.key.year = n + 3;
      proposed.reason = proposed_reason;
    }
  }
  return out;
}

std::vector<LineChange> Compare(const std::vector<BudgetLine>& from,
                                const std::vector<BudgetLine>& to) {
  // A merge of the two versions in key order: the pairs that differ first
  // (pointers only), then the changes, written once into memory reserved once.
  const std::vector<const BudgetLine*> a = InKeyOrder(from), b = InKeyOrder(to);
  std::vector<std::pair<const BudgetLine*, const BudgetLine*>> differ;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const BudgetLine* x = nullptr;
    const BudgetLine* y = nullptr;
    if (j == b.size() || (i < a.size() && a[i]->key < b[j]->key)) {
      x = a[i++];
    } else if (i == a.size() || b[j]->key < a[i]->key) {
      y = b[j++];
    } else {
      x = a[i++];
      y = b[j++];
      if (x->ce == y->ce && x->cp == y->cp) continue;
    }
    differ.emplace_back(x, y);
  }
  std::vector<LineChange> out(differ.size());
  for (size_t k = 0; k < differ.size(); ++k) {
    const auto [x, y] = differ[k];
    LineChange& c = out[k];
    c.key = x ? x->key : y->key;
    c.ce_delta = (y ? y->ce : 0) - (x ? x->ce : 0);
    c.cp_delta = (y ? y->cp : 0) - (x ? x->cp : 0);
    if (x) c.before = *x;
    if (y) c.after = *y;
  }
  return out;
}

std::map<std::tuple<std::string, std::string, int>, Total> TotalsByProgrammeRegion(
    const std::vector<BudgetLine>& lines) {
  std::map<std::tuple<std::string, std::string, int>, Total> out;
  for (const BudgetLine& l : lines) {
    Total& t = out[{l.key.programme, l.key.region, l.key.year}];
    t.ce += l.ce;
    t.cp += l.cp;
    t.committed += l.committed.value_or(0);
    t.paid += l.paid.value_or(0);
  }
  return out;
}

}  // namespace atlas::indicators
