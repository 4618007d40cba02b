// ProjectStore and RevisionStore on PostgreSQL (schema "registry"): each write, its revision,
// its search rows and its outbox event commit in one transaction; the relay
// is woken after commit.
#ifndef ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_
#define ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "registry/domain/project_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgProjectStore final : public ProjectStore, public RevisionStore {
 public:
  PgProjectStore(db::Pool& pool, std::function<void()> after_commit)
      : pool_(pool), after_commit_(std::move(after_commit)) {}

  absl::StatusOr<Project> Create(const Project& p, const std::string& request_id,
                                 const Change& change) override;
  absl::StatusOr<Project> Write(const Project& p, int64_t expected_revision,
                                const Change& change) override;
  absl::StatusOr<Project> Get(const std::string& id) override;
  absl::StatusOr<std::optional<Project>> FindByIatiIdentifier(
      const std::string& iati_identifier) override;
  absl::StatusOr<std::vector<Revision>> Revisions(const std::string& id, int limit,
                                                  int64_t before) override;
  absl::StatusOr<Revision> GetRevision(const std::string& id, int64_t revision) override;
  absl::StatusOr<Revision> RevisionAt(const std::string& id, int64_t time_us,
                                      bool published_only) override;
  absl::StatusOr<std::vector<Match>> Similar(const std::string& id, const v1::Project& content,
                                             const Viewer& viewer, int limit) override;
  absl::StatusOr<SearchResult> Search(const v1::ListProjectsRequest& q, const Viewer& viewer,
                                      int limit, int64_t offset, bool with_facets) override;

  // Writes the search terms of rows that have none (those of before
  // migration 0013), 200 projects a transaction; how many projects it did.
  absl::StatusOr<int> BackfillSearchTerms();

 private:
  db::Pool& pool_;
  std::function<void()> after_commit_;
  // Facet counts and totals per query (visibility + filters), valid for one
  // value of search_generation (bumped by every write).
  struct CachedFacets {
    int64_t generation = 0;
    int total = 0;
    std::vector<std::pair<std::string, std::vector<FacetCount>>> facets;
  };
  std::mutex cache_mu_;
  std::map<std::string, CachedFacets> facet_cache_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_
