// Where projects are kept. The PostgreSQL implementation also writes the
// matching event to the outbox in the same transaction; the in-memory fake
// (tests) records the events it would have written.
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_STORE_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/paging.h"
#include "domain/project.h"

namespace atlas::registry {

// Projects in creation order; positions are creation sequence numbers.
using ProjectPage = core::Page<Project>;

class ProjectStore {
 public:
  virtual ~ProjectStore() = default;
  // Inserts `p` as a new DRAFT (assigning id, revision 1 and times) and
  // records a project.created event. With a non-empty `request_id` already
  // used, returns the project that request created and records nothing.
  virtual absl::StatusOr<Project> Create(const Project& p, const std::string& request_id) = 0;
  // Replaces project `p.id` with `p` if its revision is still
  // `expected_revision` (revision + 1, new update time) and records a
  // project.updated event naming `changed_fields`; ABORTED if another write
  // came first, NOT_FOUND if it is gone. Atomic.
  virtual absl::StatusOr<Project> Update(const Project& p, int64_t expected_revision,
                                         const std::vector<std::string>& changed_fields) = 0;
  // NOT_FOUND if no project has this id.
  virtual absl::StatusOr<Project> Get(const std::string& id) = 0;
  // Up to `limit` projects `viewer` can see, created after position
  // `after_seq`, in order.
  virtual absl::StatusOr<ProjectPage> List(int limit, int64_t after_seq, const Viewer& viewer) = 0;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_STORE_H_
