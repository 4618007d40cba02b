// Registry use cases.
#include "domain/project_service.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"

namespace atlas::registry {

namespace {
constexpr core::Text kBadName = {"must be a project name like projects/{uuid}",
                                 "doit être un nom de projet de la forme projects/{uuid}",
                                 "يجب أن يكون اسم مشروع على شكل projects/{uuid}"};
constexpr core::Text kBadOrganisation = {
    "must be an organisation name like organisations/ministry",
    "doit être un nom d'organisation de la forme organisations/ministry",
    "يجب أن يكون اسم منظمة على شكل organisations/ministry"};
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
  if (!IsOrganisationId(p.organisation)) {
    v.push_back(core::Violation("project.organisation", kBadOrganisation));
  }
  if (!v.empty()) return core::InvalidFields(v);
  if (!viewer.sees_all && p.organisation != viewer.organisation) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  return store_.Create(p, request_id);
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
