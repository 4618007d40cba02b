// Actions and their projects.
#include "indicators/domain/actions.h"

#include <regex>

#include "atlas/core/ids.h"
#include "atlas/core/status.h"

namespace atlas::indicators {
namespace {

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

}  // namespace atlas::indicators
