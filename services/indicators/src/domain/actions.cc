// Actions and their projects.
#include "indicators/domain/actions.h"

#include <algorithm>
#include <regex>
#include <tuple>

#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "indicators/domain/programme.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kBadOrganisation = {
    "must name an organisation like organisations/assoc-oujda",
    "doit nommer une organisation comme organisations/assoc-oujda",
    "يجب أن يسمي مؤسسة مثل organisations/assoc-oujda"};
constexpr core::Text kOtherOrganisation = {
    "an editor sees the actions of their own organisation's projects only",
    "un éditeur ne voit que les actions des projets de sa propre organisation",
    "لا يرى المحرر إلا عمليات مشاريع مؤسسته"};
constexpr core::Text kNoAction = {"there is no action {0}", "il n'y a pas d'action {0}",
                                  "لا توجد عملية {0}"};
constexpr core::Text kBadProject = {"must name a project like projects/1234",
                                    "doit nommer un projet comme projects/1234",
                                    "يجب أن يسمي مشروعا مثل projects/1234"};
constexpr core::Text kNotPublic = {
    "the project {0} has no public version (never published, or archived): it cannot be linked",
    "le projet {0} n'a pas de version publique (jamais publié, ou archivé) : il ne peut être lié",
    "المشروع {0} ليست له نسخة عمومية (لم ينشر قط أو مؤرشف): لا يمكن ربطه"};

bool IsProjectName(const std::string& p) {
  static const std::regex kName("projects/[A-Za-z0-9_-]{1,64}");
  return std::regex_match(p, kName);
}

absl::Status Worded(const absl::Status& s, const std::string& action, const std::string& project) {
  if (absl::IsNotFound(s)) {
    return core::Error(absl::StatusCode::kNotFound, kNoAction, {"actions/" + action.substr(0, 64)});
  }
  if (absl::IsFailedPrecondition(s)) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kNotPublic, {project});
  }
  return s;
}

}  // namespace

absl::StatusOr<Action> ActionService::Get(const std::string& id, bool analyst) {
  absl::StatusOr<Action> a = core::IsSlugId(id) ? store_.Find(id) : absl::NotFoundError(id);
  if (!a.ok()) return Worded(a.status(), id, "");
  if (!analyst) std::erase_if(a->projects, [](const LinkedProject& p) { return !p.is_public; });
  return a;
}

absl::Status ActionService::Link(const std::string& action, const std::string& project,
                                 const std::string& actor) {
  if (!IsProjectName(project))
    return core::InvalidFields({core::Violation("project", kBadProject)});
  if (!core::IsSlugId(action)) return Worded(absl::NotFoundError(action), action, project);
  return Worded(store_.Link(action, project, actor), action, project);
}

absl::Status ActionService::Unlink(const std::string& action, const std::string& project) {
  if (!IsProjectName(project))
    return core::InvalidFields({core::Violation("project", kBadProject)});
  if (!core::IsSlugId(action)) return Worded(absl::NotFoundError(action), action, project);
  return Worded(store_.Unlink(action, project), action, project);
}

namespace {

// MA-01 … MA-12 first, then central, then anything else.
int RegionRank(const std::string& r) {
  if (!IsRegion(r)) return 14;
  return r == "central" ? 13 : std::stoi(r.substr(3));
}

}  // namespace

Chronogramme MakeChronogramme(const std::string& programme, std::vector<ScheduledAction> actions) {
  Chronogramme out{.programme = programme};
  for (ScheduledAction& a : actions) {
    std::sort(a.milestones.begin(), a.milestones.end(),
              [](const Milestone& x, const Milestone& y) { return x.due < y.due; });
    if (a.starts.empty() || a.ends.empty()) {
      out.unscheduled.push_back(std::move(a));
      continue;
    }
    if (out.from.empty() || a.starts < out.from) out.from = a.starts;
    if (out.to.empty() || a.ends > out.to) out.to = a.ends;
    out.actions.push_back(std::move(a));
  }
  std::sort(out.actions.begin(), out.actions.end(),
            [](const ScheduledAction& x, const ScheduledAction& y) {
              return std::tuple(RegionRank(x.region), x.region, x.starts, x.code) <
                     std::tuple(RegionRank(y.region), y.region, y.starts, y.code);
            });
  return out;
}

absl::StatusOr<Chronogramme> ActionService::GetChronogramme(const std::string& programme,
                                                            const std::string& region) {
  if (!region.empty() && RegionRank(region) > 13) {
    return core::InvalidFields(
        {core::Violation("region", core::texts::kOneOf, {"central, MA-01 … MA-12"})});
  }
  absl::StatusOr<std::vector<ScheduledAction>> all =
      core::IsSlugId(programme) ? store_.Schedule(programme) : absl::NotFoundError(programme);
  if (absl::IsNotFound(all.status())) {
    return core::Error(absl::StatusCode::kNotFound, kNoProgramme, {programme.substr(0, 80)});
  }
  if (!all.ok()) return all.status();
  if (!region.empty()) {
    std::erase_if(*all, [&](const ScheduledAction& a) { return a.region != region; });
  }
  return MakeChronogramme(programme, *std::move(all));
}

absl::StatusOr<std::vector<Action>> ActionService::ForOrganisation(
    const std::string& organisation, const std::string& caller_organisation, bool sees_all) {
  const std::string& org = organisation.empty() ? caller_organisation : organisation;
  if (org.empty() || !core::IsSlugId(org)) {
    return core::InvalidFields({core::Violation("organisation", kBadOrganisation)});
  }
  if (!sees_all && org != caller_organisation) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  return store_.ForOrganisation(org);
}

}  // namespace atlas::indicators
