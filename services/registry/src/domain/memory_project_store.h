// In-memory ProjectStore for unit tests of the domain. Not thread-safe.
#ifndef ATLAS_REGISTRY_DOMAIN_MEMORY_PROJECT_STORE_H_
#define ATLAS_REGISTRY_DOMAIN_MEMORY_PROJECT_STORE_H_

#include <map>

#include "absl/strings/str_format.h"
#include "domain/project_store.h"

namespace atlas::registry {

class MemoryProjectStore final : public ProjectStore {
 public:
  absl::StatusOr<Project> Create(const Project& p, const std::string& request_id) override {
    if (!request_id.empty()) {
      auto it = by_request_.find(request_id);
      if (it != by_request_.end()) return rows_.at(it->second);
    }
    Project stored = p;
    ++seq_;
    stored.id = absl::StrFormat("00000000-0000-4000-8000-%012d", seq_);
    stored.state = State::kDraft;
    stored.revision = 1;
    rows_[seq_] = stored;
    if (!request_id.empty()) by_request_[request_id] = seq_;
    events.push_back("created:" + stored.id);
    return stored;
  }
  absl::StatusOr<Project> Update(const Project& p, int64_t expected_revision,
                                 const std::vector<std::string>& changed_fields) override {
    for (auto& [seq, row] : rows_) {
      if (row.id != p.id) continue;
      if (row.revision != expected_revision) return absl::AbortedError("stale revision");
      row = p;
      row.revision = expected_revision + 1;
      events.push_back("updated:" + p.id + ":" + std::to_string(changed_fields.size()));
      return row;
    }
    return absl::NotFoundError("project not found");
  }
  absl::StatusOr<Project> Get(const std::string& id) override {
    for (const auto& [seq, p] : rows_) {
      if (p.id == id) return p;
    }
    return absl::NotFoundError("project not found");
  }
  absl::StatusOr<ProjectPage> List(int limit, int64_t after_seq, const Viewer& viewer) override {
    ProjectPage page;
    for (auto it = rows_.upper_bound(after_seq); it != rows_.end(); ++it) {
      if (!CanSee(viewer, it->second)) continue;
      if (static_cast<int>(page.items.size()) == limit) {
        page.more = true;
        break;
      }
      page.items.push_back(it->second);
      page.last_position = it->first;
    }
    return page;
  }
  // Test set-up: changes a stored project's state (the workflow is not built yet).
  void SetState(const std::string& id, State state) {
    for (auto& [seq, p] : rows_) {
      if (p.id == id) p.state = state;
    }
  }
  std::vector<std::string> events;  // what would have gone to the outbox

 private:
  int64_t seq_ = 0;
  std::map<int64_t, Project> rows_;
  std::map<std::string, int64_t> by_request_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_MEMORY_PROJECT_STORE_H_
