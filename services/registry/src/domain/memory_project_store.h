// In-memory stores for unit tests of the domain. Not thread-safe.
// Search applies visibility and paging only (filters, text and facets are
// SQL, tested against PostgreSQL in the integration and system tests).
#ifndef ATLAS_REGISTRY_DOMAIN_MEMORY_PROJECT_STORE_H_
#define ATLAS_REGISTRY_DOMAIN_MEMORY_PROJECT_STORE_H_

#include <map>

#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"
#include "registry/domain/dialogue_store.h"
#include "registry/domain/evaluation_store.h"
#include "registry/domain/project_service.h"
#include "registry/domain/project_store.h"

namespace atlas::registry {

class MemoryProjectStore final : public ProjectStore, public RevisionStore {
 public:
  absl::StatusOr<Project> Create(const Project& p, const std::string& request_id,
                                 const Change& change) override {
    if (!request_id.empty()) {
      auto it = by_request_.find(request_id);
      if (it != by_request_.end()) return rows_.at(it->second);
    }
    Project stored = p;
    ++seq_;
    stored.id = absl::StrFormat("00000000-0000-4000-8000-%012d", seq_);
    stored.state = State::kDraft;
    stored.revision = 1;
    stored.create_time_us = stored.update_time_us = ++clock_;
    rows_[seq_] = stored;
    if (!request_id.empty()) by_request_[request_id] = seq_;
    Record(stored, change);
    return stored;
  }
  absl::StatusOr<Project> Write(const Project& p, int64_t expected_revision,
                                const Change& change) override {
    for (auto& [seq, row] : rows_) {
      if (row.id != p.id) continue;
      if (row.revision != expected_revision) return absl::AbortedError("stale revision");
      row = p;
      row.revision = expected_revision + 1;
      if (change.action == Action::kPublished) row.published_revision = row.revision;
      row.update_time_us = ++clock_;
      Record(row, change);
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
  absl::StatusOr<std::optional<Project>> FindByIatiIdentifier(const std::string& id) override {
    for (const auto& [seq, p] : rows_) {
      if (p.content.iati_identifier() == id) return p;
    }
    return std::nullopt;
  }
  absl::StatusOr<std::vector<Revision>> Revisions(const std::string& id, int limit,
                                                  int64_t before) override {
    std::vector<Revision> out;
    auto& list = revisions_[id];
    for (auto it = list.rbegin(); it != list.rend() && static_cast<int>(out.size()) < limit; ++it) {
      if (before == 0 || it->revision < before) out.push_back(*it);
    }
    return out;
  }
  absl::StatusOr<Revision> GetRevision(const std::string& id, int64_t revision) override {
    for (const auto& r : revisions_[id]) {
      if (r.revision == revision) return r;
    }
    return absl::NotFoundError("no such revision");
  }
  absl::StatusOr<Revision> RevisionAt(const std::string& id, int64_t time_us,
                                      bool published_only) override {
    const Revision* found = nullptr;
    for (const auto& r : revisions_[id]) {
      if (r.time_us <= time_us && (!published_only || r.action == "published")) found = &r;
    }
    if (found == nullptr) return absl::NotFoundError("no revision then");
    return *found;
  }
  absl::StatusOr<std::vector<Match>> Similar(const std::string& id, const v1::Project& content,
                                             const Viewer& viewer, int limit) override {
    // Shared themes only (the text part is PostgreSQL's trigram similarity).
    std::vector<Match> out;
    for (const auto& [seq, p] : rows_) {
      if (p.id == id || !CanSee(viewer, p)) continue;
      Project shown = CanSeeWorking(viewer, p) ? p : PublicView(p);
      int shared = 0;
      for (const auto& t : shown.content.themes()) {
        for (const auto& u : content.themes()) shared += t == u;
      }
      if (shared > 0 && static_cast<int>(out.size()) < limit) out.push_back({shown, 0.4 * shared});
    }
    return out;
  }
  absl::StatusOr<SearchResult> Search(const v1::ListProjectsRequest& /*q*/, const Viewer& viewer,
                                      int limit, int64_t offset, bool /*with_facets*/,
                                      const Freshness& /*fresh*/) override {
    SearchResult out;
    for (const auto& [seq, p] : rows_) {
      Project shown;
      if (CanSeeWorking(viewer, p)) {
        shown = p;
      } else if (HasPublicVersion(p)) {
        shown = PublicView(p);
      } else {
        continue;
      }
      if (out.total >= offset && static_cast<int>(out.projects.size()) < limit) {
        out.projects.push_back(std::make_shared<const Project>(std::move(shown)));
      }
      ++out.total;
    }
    return out;
  }
  // The clock of the next write (microseconds).
  int64_t Now() const { return clock_ + 1; }

  std::vector<std::string> events;  // "verb:id", what would have gone to the outbox

 private:
  void Record(const Project& p, const Change& change) {
    revisions_[p.id].push_back({.revision = p.revision,
                                .action = ActionName(change.action),
                                .actor = change.actor,
                                .actor_organisation = change.actor_organisation,
                                .time_us = p.update_time_us,
                                .actor_name = change.actor_name,
                                .changed_fields = change.changed_fields,
                                .state = p.state,
                                .reason = change.reason,
                                .content = p.content});
    events.push_back(ActionName(change.action) + ":" + p.id);
  }

  int64_t seq_ = 0;
  int64_t clock_ = 1000;
  std::map<int64_t, Project> rows_;
  std::map<std::string, int64_t> by_request_;
  std::map<std::string, std::vector<Revision>> revisions_;
};

// In-memory EvaluationStore; its events go to `events` (the project store's
// list, so that a test reads one log).
class MemoryEvaluationStore final : public EvaluationStore {
 public:
  explicit MemoryEvaluationStore(std::vector<std::string>& events) : events_(events) {}
  absl::StatusOr<v1::Evaluation> AddEvaluation(const std::string& project_id,
                                               const v1::Evaluation& e,
                                               const std::string& /*actor*/) override {
    v1::Evaluation stored = e;
    auto& list = evaluations_[project_id];
    stored.set_name(absl::StrFormat("projects/%s/evaluations/00000000-0000-4000-8000-%012d",
                                    project_id, list.size() + 1));
    stored.set_etag("r1");
    list.insert(list.begin(), stored);
    events_.push_back("evaluation.created:" + project_id);
    return stored;
  }
  absl::StatusOr<v1::Evaluation> UpdateEvaluation(const std::string& project_id,
                                                  const std::string& id, const v1::Evaluation& e,
                                                  int64_t revision,
                                                  const std::string& /*actor*/) override {
    for (v1::Evaluation& x : evaluations_[project_id]) {
      if (!x.name().ends_with("/" + id)) continue;
      const int64_t current = std::stoll(x.etag().substr(1));
      if (current != revision) return absl::AbortedError("stale");
      const std::string name = x.name();
      const bool demo = x.demo();
      x = e;
      x.set_name(name);
      x.set_demo(demo);
      x.set_etag("r" + std::to_string(current + 1));
      events_.push_back("evaluation.updated:" + project_id);
      return x;
    }
    return absl::NotFoundError("evaluation");
  }
  absl::StatusOr<std::vector<v1::Evaluation>> Evaluations(const std::string& project_id) override {
    return evaluations_[project_id];
  }

 private:
  std::vector<std::string>& events_;
  std::map<std::string, std::vector<v1::Evaluation>> evaluations_;
};

// In-memory DialogueStore; its events go to `events` as above.
class MemoryDialogueStore final : public DialogueStore {
 public:
  explicit MemoryDialogueStore(std::vector<std::string>& events) : events_(events) {}
  absl::StatusOr<v1::Comment> AddComment(const std::string& project_id,
                                         const std::string& thread_id,
                                         const v1::Comment& c) override {
    v1::Comment stored = c;
    auto& list = comments_[project_id];
    stored.set_name(absl::StrFormat("projects/%s/comments/c%d", project_id, list.size() + 1));
    if (!thread_id.empty())
      stored.set_thread(absl::StrFormat("projects/%s/comments/%s", project_id, thread_id));
    *stored.mutable_create_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(++clock_);
    list.push_back(stored);
    events_.push_back("comment.created:" + project_id);
    for (size_t i = 0; i < static_cast<size_t>(c.mentions_size()); ++i) {
      events_.push_back("comment.mentioned:" + c.mentions(static_cast<int>(i)));
    }
    return stored;
  }
  absl::StatusOr<std::vector<v1::Comment>> Comments(const std::string& project_id) override {
    return comments_[project_id];
  }
  absl::StatusOr<int64_t> ReadMark(const std::string& project_id,
                                   const std::string& reader) override {
    return read_marks_[project_id + " " + reader];
  }
  absl::Status SetReadMark(const std::string& project_id, const std::string& reader) override {
    read_marks_[project_id + " " + reader] = ++clock_;
    return absl::OkStatus();
  }
  absl::StatusOr<v1::Comment> SetResolved(const std::string& project_id,
                                          const std::string& comment_id, bool resolved) override {
    for (auto& c : comments_[project_id]) {
      if (c.name().ends_with("/" + comment_id) && c.thread().empty()) {
        c.set_resolved(resolved);
        return c;
      }
    }
    return absl::NotFoundError("no such thread");
  }

 private:
  std::vector<std::string>& events_;
  int64_t clock_ = 1000;
  std::map<std::string, std::vector<v1::Comment>> comments_;
  std::map<std::string, int64_t> read_marks_;  // "project reader" -> microseconds
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_MEMORY_PROJECT_STORE_H_
