// The registry's use cases: validate at the edge, then store. No transport,
// no SQL: unit-tested with an in-memory store.
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_SERVICE_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/project.h"
#include "domain/project_store.h"

namespace atlas::registry {

struct ListResult {
  std::vector<Project> projects;
  std::string next_page_token;
};

class ProjectService final {
 public:
  explicit ProjectService(ProjectStore& store) : store_(store) {}
  ProjectService(const ProjectService&) = delete;
  ProjectService& operator=(const ProjectService&) = delete;

  // INVALID_ARGUMENT with field violations if `p` or `request_id` is invalid.
  // The project belongs to `p.organisation`, by default the viewer's; a
  // viewer who does not see all organisations may create only for its own
  // (else PERMISSION_DENIED).
  absl::StatusOr<Project> Create(Project p, const std::string& request_id, const Viewer& viewer);
  // Replaces `fields` of project `name` with those of `patch`, if `etag` is
  // the current one. INVALID_ARGUMENT (with field violations, paths under
  // "project.") for a bad name, etag, mask or resulting project; NOT_FOUND if
  // absent or invisible to `viewer`; PERMISSION_DENIED for another
  // organisation's project; FAILED_PRECONDITION unless DRAFT or REJECTED;
  // ABORTED if the etag is stale (nothing written).
  absl::StatusOr<Project> Update(const std::string& name, const std::string& etag,
                                 const Project& patch, const std::vector<std::string>& fields,
                                 const Viewer& viewer);
  // `name` is "projects/{uuid}". INVALID_ARGUMENT if malformed, NOT_FOUND if
  // absent or not visible to `viewer` (an unpublished project's existence is
  // not revealed).
  absl::StatusOr<Project> Get(const std::string& name, const Viewer& viewer);
  // page_size 0 means the default; negative is INVALID_ARGUMENT; above the
  // maximum is capped. Only what `viewer` can see.
  absl::StatusOr<ListResult> List(int page_size, const std::string& page_token,
                                  const Viewer& viewer);

 private:
  ProjectStore& store_;
};

// "projects/{uuid}" -> uuid, or INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> ParseProjectName(std::string_view name, std::string_view field);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_SERVICE_H_
