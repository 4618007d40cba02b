// What-if scenarios: the use cases.
#include "indicators/domain/scenario_service.h"

#include "atlas/core/etag.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kNoScenario = {"there is no scenario {0}", "il n'y a pas de scénario {0}",
                                    "لا يوجد سيناريو {0}"};
constexpr core::Text kPromoted = {
    "scenario {0} was promoted to version {1}: it no longer changes (start a new one)",
    "le scénario {0} a été promu en version {1} : il ne change plus (créez-en un autre)",
    "رقي السيناريو {0} إلى النسخة {1}: لم يعد يتغير (أنشئ سيناريو آخر)"};
constexpr core::Text kStale = {
    "the base version changed and move {0} no longer applies: {1}",
    "la version de base a changé et le déplacement {0} ne s'applique plus : {1}",
    "تغيرت النسخة الأساس ولم يعد النقل {0} ممكنا: {1}"};
constexpr core::Text kNotInBase = {
    "has no line in the base version: credits move between its lines",
    "n'a aucune ligne dans la version de base : les crédits se "
    "déplacent entre ses lignes",
    "ليس له أي سطر في النسخة الأساس: تنقل الاعتمادات بين أسطرها"};

std::string NameOf(int id) { return "scenarios/" + std::to_string(id); }

absl::Status Worded(const absl::Status& s, int id) {
  if (!absl::IsNotFound(s)) return s;
  return core::Error(absl::StatusCode::kNotFound, kNoScenario, {NameOf(id)});
}

// The scenario may change: not promoted, and (when an etag is given) as read.
absl::Status Changeable(const Scenario& s, const std::optional<int64_t>& revision) {
  if (s.promoted_to != 0) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kPromoted,
                       {NameOf(s.id), "programmings/" + std::to_string(s.promoted_to)});
  }
  if (revision && *revision != s.revision) {
    return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead, {NameOf(s.id)});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<int64_t>> Revision(const std::string& etag) {
  if (etag.empty()) return std::optional<int64_t>();
  std::optional<int64_t> r = core::RevisionOfEtag(etag);
  if (!r) return core::InvalidFields({core::Violation("etag", core::texts::kOneOf, {"r<n>"})});
  return r;
}

}  // namespace

absl::StatusOr<std::vector<Scenario>> ScenarioService::List() { return store_.List(); }

absl::StatusOr<Scenario> ScenarioService::Create(int base, const std::string& title,
                                                 const std::string& actor) {
  std::vector<core::FieldViolation> bad;
  core::CheckText(title, "scenario.title", 200, true, false, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  absl::StatusOr<ProgrammingVersion> v = programming_.Version(base, true);
  if (!v.ok()) return v.status();
  return store_.Create(base, title, actor);
}

absl::StatusOr<ScenarioView> ScenarioService::Apply(const Scenario& s,
                                                    std::vector<BudgetLine>* before,
                                                    std::vector<BudgetLine>* after) {
  ScenarioView view{.scenario = s};
  absl::StatusOr<ProgrammingVersion> base = programming_.Version(s.base, true);
  if (!base.ok()) return base.status();
  view.base = *base;
  absl::StatusOr<std::vector<BudgetLine>> lines = programming_.Lines(s.base, "", true);
  if (!lines.ok()) return lines.status();
  *before = *std::move(lines);
  absl::StatusOr<std::vector<BudgetLine>> moved = ApplyMoves(view.base, *before, s.moves);
  if (!moved.ok()) {
    // Only a draft base can change under its scenario.
    const std::string why = core::MessageIn(moved.status(), core::Lang::kEn);
    return core::Error(absl::StatusCode::kFailedPrecondition, kStale,
                       {std::to_string(s.moves.size()), why});
  }
  *after = *std::move(moved);
  return view;
}

absl::StatusOr<ScenarioView> ScenarioService::Get(int id) {
  absl::StatusOr<Scenario> s = store_.Get(id);
  if (!s.ok()) return Worded(s.status(), id);
  std::vector<BudgetLine> before, after;
  absl::StatusOr<ScenarioView> view = Apply(*s, &before, &after);
  if (!view.ok()) return view.status();
  std::map<std::string, Dashboard> dashboards;
  for (const std::string& p : ProgrammesCut(before, after)) {
    absl::StatusOr<Dashboard> d = performance_.Get(p);
    if (d.ok()) dashboards[p] = *std::move(d);
  }
  view->assessment = Assess(before, after, dashboards);
  return view;
}

absl::StatusOr<ScenarioView> ScenarioService::Changing(int id, const std::string& etag,
                                                       std::vector<BudgetLine>* before,
                                                       std::vector<BudgetLine>* after) {
  absl::StatusOr<std::optional<int64_t>> revision = Revision(etag);
  if (!revision.ok()) return revision.status();
  absl::StatusOr<Scenario> s = store_.Get(id);
  if (!s.ok()) return Worded(s.status(), id);
  if (absl::Status c = Changeable(*s, *revision); !c.ok()) return c;
  return Apply(*s, before, after);
}

absl::StatusOr<ScenarioView> ScenarioService::AddMove(int id, const Move& move,
                                                      const std::string& etag) {
  if (absl::Status f = CheckMoveFields(move); !f.ok()) return f;
  std::vector<BudgetLine> before, after;
  absl::StatusOr<ScenarioView> view = Changing(id, etag, &before, &after);
  if (!view.ok()) return view.status();
  // The destination's programme, and its action, must have lines in the
  // base (the same programme's): credits move within the programming.
  bool programme_known = false, action_known = move.to.action.empty();
  for (const BudgetLine& l : before) {
    if (l.key.programme != move.to.programme) continue;
    programme_known = true;
    action_known = action_known || l.key.action == move.to.action;
  }
  if (!programme_known || !action_known) {
    return core::InvalidFields(
        {core::Violation(programme_known ? "move.to.action" : "move.to.programme", kNotInBase)});
  }
  absl::StatusOr<std::vector<BudgetLine>> moved = ApplyMoves(view->base, after, {move});
  if (!moved.ok()) return moved.status();
  const int64_t read = view->scenario.revision;
  absl::Status added = store_.AddMove(id, move, [&](const Scenario& current) {
    return Changeable(current, read);  // nothing came in between
  });
  if (!added.ok()) return Worded(added, id);
  return Get(id);
}

absl::StatusOr<ProgrammingVersion> ScenarioService::Promote(int id, const std::string& etag,
                                                            const std::string& actor) {
  std::vector<BudgetLine> before, after;
  absl::StatusOr<ScenarioView> view = Changing(id, etag, &before, &after);
  if (!view.ok()) return view.status();
  for (BudgetLine& l : after) l.revision = 1;
  const int64_t read = view->scenario.revision;
  absl::StatusOr<ProgrammingVersion> v =
      store_.Promote(id, view->base, after, actor,
                     [&](const Scenario& current) { return Changeable(current, read); });
  if (!v.ok()) return Worded(v.status(), id);
  return v;
}

}  // namespace atlas::indicators
