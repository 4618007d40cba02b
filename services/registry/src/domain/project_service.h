// The registry's use cases: validate at the edge, apply the workflow, then
// store. No transport, no SQL: unit-tested with an in-memory store.
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_SERVICE_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "registry/domain/iati_import.h"
#include "registry/domain/project.h"
#include "registry/domain/project_store.h"

namespace atlas::registry {

// Who acts: what they may see, and who they are (for the history).
struct Actor {
  Viewer viewer;
  std::string subject;    // users/{id}, serviceAccounts/{id}; "" = anonymous
  std::string name = {};  // the user's handle, "" for service accounts
};

struct ListResult {
  ShownProjects projects;
  std::string next_page_token;
  int total = 0;
  std::vector<std::pair<std::string, std::vector<FacetCount>>> facets;
};

struct RevisionList {
  std::vector<Revision> revisions;
  std::string next_page_token;
};

struct ImportResult {
  int created = 0, updated = 0, unchanged = 0, failed = 0;
  std::vector<ImportIssue> issues;
  std::vector<std::string> projects;  // names of the projects created or updated
};

struct SimilarResult {
  Project source;  // the project compared, as the actor sees it
  std::vector<Match> matches;
};

struct DiffResult {
  int64_t from = 0, to = 0;
  std::vector<FieldChange> changes;
};

// Projects: their record, workflow, search, history (project_history.cc)
// and exchange with other systems (project_exchange.cc).
class ProjectService final {
 public:
  ProjectService(ProjectStore& store, RevisionStore& revisions)
      : store_(store), revisions_(revisions) {}
  ProjectService(const ProjectService&) = delete;
  ProjectService& operator=(const ProjectService&) = delete;

  // INVALID_ARGUMENT with field violations if `content` or `request_id` is
  // invalid. The project belongs to `organisation` (default: the actor's);
  // an actor who does not see all organisations may create only for its own
  // (else PERMISSION_DENIED).
  // `demo` labels generated demo data (shown as such wherever it appears).
  absl::StatusOr<Project> Create(const v1::Project& content, std::string organisation,
                                 const std::string& request_id, bool demo, const Actor& actor);
  // Replaces `paths` of project `name` with those of `patch`, if `etag` is
  // the current one. INVALID_ARGUMENT (field violations under "project.")
  // for a bad name, etag, mask or resulting project; NOT_FOUND if absent or
  // invisible; PERMISSION_DENIED for another organisation's project;
  // FAILED_PRECONDITION when SUBMITTED or ARCHIVED; ABORTED if the etag is
  // stale (nothing written). REJECTED and PUBLISHED projects become DRAFT
  // (for a published one: a pending revision; the public version stays).
  absl::StatusOr<Project> Update(const std::string& name, const std::string& etag,
                                 const v1::Project& patch, const std::vector<std::string>& paths,
                                 const Actor& actor);
  // Submit, publish, reject or archive (`action`); `etag` optional. Errors
  // as Update; FAILED_PRECONDITION for a transition the state does not allow.
  absl::StatusOr<Project> Transition(Action action, const std::string& name,
                                     const std::string& etag, const std::string& reason,
                                     const Actor& actor);
  absl::StatusOr<Project> SetGoodPractice(const std::string& name, bool good_practice,
                                          const std::string& etag, const Actor& actor);
  // The version `actor` should see (see GetProjectRequest), already shaped
  // (a public version has no contacts).
  absl::StatusOr<Project> Get(const std::string& name, v1::ProjectView view, int64_t as_of_us,
                              int64_t revision, const Actor& actor);
  absl::StatusOr<ListResult> List(const v1::ListProjectsRequest& req, const Actor& actor,
                                  const Freshness& fresh = {});
  // The change log's generation of the latest write this process committed
  // (ProjectStore::WrittenGeneration): what the answer to a write tells.
  int64_t WrittenGeneration() const { return store_.WrittenGeneration(); }
  // Everything matching the filter (published versions only), for exports.
  absl::StatusOr<ShownProjects> Export(const v1::ListProjectsRequest& filter);
  // Imports IATI activity XML for `organisation` (default: the actor's):
  // each activity becomes a draft, or updates the project with the same IATI
  // identifier (idempotent: the same file twice changes nothing). Elements
  // with no place in the record and invalid activities are reported, the
  // rest imported. `validate_only` writes nothing. Work stops when
  // `deadline` passes (the caller's): DEADLINE_EXCEEDED naming how many
  // activities were done (each is its own transaction and the import is
  // idempotent, so sending the file again finishes it).
  absl::StatusOr<ImportResult> Import(std::string_view xml, std::string organisation,
                                      bool validate_only, const Actor& actor,
                                      absl::Time deadline = absl::InfiniteFuture());
  // Projects like `name` (default 10, at most 50), each with its score.
  absl::StatusOr<SimilarResult> Similar(const std::string& name, int page_size, const Actor& actor);
  absl::StatusOr<RevisionList> Revisions(const std::string& name, int page_size,
                                         const std::string& page_token, const Actor& actor);
  absl::StatusOr<DiffResult> DiffRevisions(const std::string& name, int64_t from, int64_t to,
                                           const Actor& actor);
  // The project `name` (field `field` in errors) if `actor` may read its
  // working copy and take part in its dialogue: its organisation, and those
  // who see every organisation. NOT_FOUND / PERMISSION_DENIED.
  absl::StatusOr<Project> WorkingCopy(const std::string& name, std::string_view field,
                                      const Actor& actor);

 private:
  // The project `name` (field `field`) that `actor` may act on as its
  // organisation (validators/admins: any); NOT_FOUND / PERMISSION_DENIED.
  absl::StatusOr<Project> LoadForWrite(const std::string& name, std::string_view field,
                                       const std::string& etag, std::string_view etag_field,
                                       bool etag_required, const Actor& actor);
  absl::StatusOr<Project> Save(const Project& next, int64_t expected, Change change,
                               const Actor& actor);

  ProjectStore& store_;
  RevisionStore& revisions_;
};

// "projects/{uuid}" -> uuid, or INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> ParseProjectName(std::string_view name, std::string_view field);
// The public version of `p` as a project (state PUBLISHED, its revision, no
// contacts): a view shows that version in `content` alone (`published` is
// left empty). Requires p.published.
Project PublicView(const Project& p);
Project PublicView(Project&& p);  // the same, taking `p` (no copy of the document)
// Violations of a search request (filters, order, language).
std::vector<core::FieldViolation> ValidateQuery(const v1::ListProjectsRequest& q);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_SERVICE_H_
