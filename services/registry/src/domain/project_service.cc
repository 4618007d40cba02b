// Registry use cases.
#include "domain/project_service.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"
#include "atlas/core/texts.h"

namespace atlas::registry {

namespace {
constexpr core::Text kBadName = {"must be a project name like projects/{uuid}",
                                 "doit être un nom de projet de la forme projects/{uuid}",
                                 "يجب أن يكون اسم مشروع على شكل projects/{uuid}"};
constexpr core::Text kBadOrganisation = {
    "must be an organisation name like organisations/ministry",
    "doit être un nom d'organisation de la forme organisations/ministry",
    "يجب أن يكون اسم منظمة على شكل organisations/ministry"};
constexpr core::Text kEtagRequired = {
    "is required: send the etag of the version you changed (read the project first)",
    "est obligatoire : envoyez l'etag de la version que vous avez modifiée (lisez d'abord le "
    "projet)",
    "مطلوب: أرسل etag الخاص بالنسخة التي عدّلتها (اقرأ المشروع أولًا)"};
constexpr core::Text kBadEtag = {"is not an etag of this API (like \"r3\")",
                                 "n'est pas un etag de cette API (de la forme « r3 »)",
                                 "ليس etag صادرًا عن هذه الواجهة (على شكل «r3»)"};
constexpr core::Text kBadMask = {"cannot change \"{0}\"; fields that can change: {1}",
                                 "ne peut pas modifier « {0} » ; champs modifiables : {1}",
                                 "لا يمكن تعديل «{0}»؛ الحقول القابلة للتعديل: {1}"};
constexpr core::Text kStaleEtag = {
    "{0} was changed by someone else since you read it; read it again, merge, and retry",
    "{0} a été modifié par quelqu'un d'autre depuis votre lecture ; relisez-le, fusionnez et "
    "réessayez",
    "عُدِّل {0} من قِبل شخص آخر منذ قراءتك له؛ أعد قراءته وادمج التعديلات ثم حاول مجددًا"};
constexpr core::Text kNotEditable = {
    "only draft or rejected projects can be changed (published ones change through a new "
    "revision, to come)",
    "seuls les projets en brouillon ou rejetés peuvent être modifiés (les projets publiés "
    "changeront par une nouvelle révision, à venir)",
    "لا يمكن تعديل إلا المشاريع المسودّة أو المرفوضة (تُعدَّل المشاريع المنشورة عبر مراجعة جديدة، "
    "قريبًا)"};
constexpr core::Text kOtherOrganisation = {
    "You may only act on your own organisation's projects",
    "Vous ne pouvez agir que sur les projets de votre organisation",
    "لا يمكنك التصرف إلا في مشاريع منظمتك"};
}  // namespace

absl::StatusOr<std::string> ParseProjectName(std::string_view name, std::string_view field) {
  constexpr std::string_view kPrefix = "projects/";
  // Upper-case hex is accepted and normalised.
  std::string id(name.substr(std::min(name.size(), kPrefix.size())));
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.substr(0, kPrefix.size()) != kPrefix || !core::IsCanonicalUuid(id)) {
    return core::InvalidFields({core::Violation(std::string(field), kBadName)});
  }
  return id;
}

absl::StatusOr<Project> ProjectService::Create(Project p, const std::string& request_id,
                                               const Viewer& viewer) {
  std::vector<core::FieldViolation> v = ValidateNewProject(p, "project.");
  if (auto bad = ValidateRequestId(request_id)) v.push_back(*bad);
  if (p.organisation.empty()) p.organisation = viewer.organisation;
  if (!core::IsOrganisationId(p.organisation)) {
    v.push_back(core::Violation("project.organisation", kBadOrganisation));
  }
  if (!v.empty()) return core::InvalidFields(v);
  if (!viewer.sees_all && p.organisation != viewer.organisation) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  return store_.Create(p, request_id);
}

absl::StatusOr<Project> ProjectService::Update(const std::string& name, const std::string& etag,
                                               const Project& patch,
                                               const std::vector<std::string>& fields,
                                               const Viewer& viewer) {
  std::vector<core::FieldViolation> v;
  absl::StatusOr<std::string> id = ParseProjectName(name, "project.name");
  if (!id.ok()) v.push_back(core::FieldViolations(id.status()).front());
  const std::optional<int64_t> expected = RevisionOfEtag(etag);
  if (etag.empty()) {
    v.push_back(core::Violation("project.etag", kEtagRequired));
  } else if (!expected) {
    v.push_back(core::Violation("project.etag", kBadEtag));
  }
  const auto& updatable = UpdatableFields();
  if (fields.empty()) v.push_back(core::Violation("update_mask", core::texts::kRequired));
  for (const std::string& f : fields) {
    if (std::find(updatable.begin(), updatable.end(), f) == updatable.end()) {
      v.push_back(
          core::Violation("update_mask", kBadMask,
                          {absl::CHexEscape(f.substr(0, 60)), absl::StrJoin(updatable, ", ")}));
    }
  }
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<Project> current = store_.Get(*id);
  if (!current.ok()) return current.status();
  if (!CanSee(viewer, *current)) {
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  }
  if (!viewer.sees_all && current->organisation != viewer.organisation) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  if (current->state != State::kDraft && current->state != State::kRejected) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kNotEditable);
  }
  if (current->revision != *expected) {
    return core::Error(absl::StatusCode::kAborted, kStaleEtag, {"projects/" + *id});
  }
  Project next = ApplyPatch(*current, patch, fields);
  v = ValidateNewProject(next, "project.");
  if (!v.empty()) return core::InvalidFields(v);
  // The same etag check again, atomically with the write: two PATCHes read
  // the same revision, only one may write.
  absl::StatusOr<Project> updated = store_.Update(next, *expected, fields);
  if (updated.status().code() == absl::StatusCode::kAborted) {
    return core::Error(absl::StatusCode::kAborted, kStaleEtag, {"projects/" + *id});
  }
  return updated;
}

absl::StatusOr<Project> ProjectService::Get(const std::string& name, const Viewer& viewer) {
  absl::StatusOr<std::string> id = ParseProjectName(name, "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<Project> p = store_.Get(*id);
  if (p.ok() && !CanSee(viewer, *p)) {
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  }
  return p;
}

absl::StatusOr<ListResult> ProjectService::List(int page_size, const std::string& page_token,
                                                const Viewer& viewer) {
  absl::StatusOr<core::PageRequest> req =
      core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!req.ok()) return req.status();
  absl::StatusOr<ProjectPage> page = store_.List(req->limit, req->position, viewer);
  if (!page.ok()) return page.status();
  ListResult out;
  out.projects = std::move(page->items);
  out.next_page_token = core::NextPageToken(*page);
  return out;
}

}  // namespace atlas::registry
