// Where projects are kept. The PostgreSQL implementation writes, in one
// transaction, the project row, its revision, its search rows and the
// matching event in the outbox; the in-memory fake (unit tests) keeps rows
// and records the events it would have written.
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_STORE_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "registry/domain/project.h"

namespace atlas::registry {

// What a search must reflect (decision 0040). By default every write
// committed before it began. With `seen` — an anonymous search through the
// gateway, which passes on the highest generation of the change log it has
// heard of (from the answers to writes through it and from the registry's
// events) — the writes up to that generation, and any other within a second.
struct Freshness {
  std::optional<int64_t> seen;
};

// What a write does, for the revision row and the event.
enum class Action {
  kCreated,
  kUpdated,
  kSubmitted,
  kPublished,
  kRejected,
  kArchived,
  kGoodPractice
};
// "created", "updated", "submitted", … (also the event subject's verb).
std::string ActionName(Action a);

struct Change {
  Action action = Action::kCreated;
  State from_state = State::kDraft;
  std::vector<std::string> changed_fields = {};
  std::string reason = "";
  std::string actor = "";               // users/{id}, serviceAccounts/{id}
  std::string actor_organisation = "";  // organisation id
  std::string actor_name = "";          // the user's handle
};

// One row of a project's history.
struct Revision {
  int64_t revision = 0;
  std::string action;
  std::string actor, actor_organisation;
  int64_t time_us = 0;
  std::string actor_name = {};
  std::vector<std::string> changed_fields;
  State state = State::kDraft;
  std::string reason;
  v1::Project content;  // the working copy as of this revision
};

struct FacetCount {
  std::string value;
  int count = 0;
};
struct SearchResult {
  ShownProjects projects;  // each as `viewer` sees it (see SearchRow)
  int total = 0;
  std::vector<std::pair<std::string, std::vector<FacetCount>>> facets;
};

struct Match {
  Project project;  // as the viewer sees it
  double score = 0;
};

// Projects: their rows, their search. Each write also records its revision
// (RevisionStore reads them) and its event, in one transaction.
class ProjectStore {
 public:
  virtual ~ProjectStore() = default;
  // Inserts `p` (assigning id, revision 1 and times) and records revision 1
  // and a project.created event. With a non-empty `request_id` already
  // used, returns the project that request created and records nothing.
  virtual absl::StatusOr<Project> Create(const Project& p, const std::string& request_id,
                                         const Change& change) = 0;
  // Replaces project `p.id` with `p` if its revision is still
  // `expected_revision` (revision + 1, new update time; a PUBLISH also sets
  // the published revision), records the revision and the event of
  // `change.action`; ABORTED if another write came first, NOT_FOUND if it is
  // gone. Atomic.
  virtual absl::StatusOr<Project> Write(const Project& p, int64_t expected_revision,
                                        const Change& change) = 0;
  // NOT_FOUND if no project has this id.
  virtual absl::StatusOr<Project> Get(const std::string& id) = 0;
  // The project whose content has this IATI identifier, if any.
  virtual absl::StatusOr<std::optional<Project>> FindByIatiIdentifier(
      const std::string& iati_identifier) = 0;
  // Up to `limit` projects `viewer` can see, other than `id`, most similar to
  // `content` first (themes, text, target groups, mechanism).
  virtual absl::StatusOr<std::vector<Match>> Similar(const std::string& id,
                                                     const v1::Project& content,
                                                     const Viewer& viewer, int limit) = 0;
  // Projects matching `q` (validated) as `viewer` sees them, `limit` from
  // `offset`, with the total and the facets, reflecting what `fresh` asks.
  virtual absl::StatusOr<SearchResult> Search(const v1::ListProjectsRequest& q,
                                              const Viewer& viewer, int limit, int64_t offset,
                                              bool with_facets, const Freshness& fresh) = 0;
  // The change log's generation of the latest write this process committed
  // (0: none yet, or a store without a change log).
  virtual int64_t WrittenGeneration() const { return 0; }
};

// A project's history, as ProjectStore's writes recorded it.
class RevisionStore {
 public:
  virtual ~RevisionStore() = default;
  // Up to `limit` revisions older than `before` (0 = newest), newest first.
  virtual absl::StatusOr<std::vector<Revision>> Revisions(const std::string& id, int limit,
                                                          int64_t before) = 0;
  // NOT_FOUND if the project or the revision does not exist.
  virtual absl::StatusOr<Revision> GetRevision(const std::string& id, int64_t revision) = 0;
  // The latest revision at or before `time_us` (only publications if
  // `published_only`); NOT_FOUND if none.
  virtual absl::StatusOr<Revision> RevisionAt(const std::string& id, int64_t time_us,
                                              bool published_only) = 0;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_STORE_H_
