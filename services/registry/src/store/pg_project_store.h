// ProjectStore and RevisionStore on PostgreSQL (schema "registry"): each write, its revision,
// its search rows and its outbox event commit in one transaction; the relay
// is woken after commit.
#ifndef ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_
#define ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

#include "registry/domain/project_store.h"

namespace atlas::db {
class Pool;
}
namespace pqxx {
class transaction_base;
}

namespace atlas::registry {

class SearchIndex;
struct PageRow;

class PgProjectStore final : public ProjectStore, public RevisionStore {
 public:
  PgProjectStore(db::Pool& pool, std::function<void()> after_commit);
  ~PgProjectStore() override;

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
  // From the search mirror once LoadMirror() ran, else as SearchSql.
  absl::StatusOr<SearchResult> Search(const v1::ListProjectsRequest& q, const Viewer& viewer,
                                      int limit, int64_t offset, bool with_facets,
                                      const Freshness& fresh) override;
  int64_t WrittenGeneration() const override { return written_generation_.load(); }
  // The same answer from PostgreSQL alone (the mirror's reference).
  absl::StatusOr<SearchResult> SearchSql(const v1::ListProjectsRequest& q, const Viewer& viewer,
                                         int limit, int64_t offset, bool with_facets);

  // Loads every search row into memory (SearchIndex; decision 0029): from
  // then on each search first applies the changes committed since
  // (search_changes), then filters, counts and orders in memory; the text's
  // rows and relevance, and the page's documents, still come from PostgreSQL.
  absl::Status LoadMirror();
  size_t MirrorRows() const;
  size_t MirrorBytes() const;
  // Told the mirror's rows and approximate bytes after each full load and,
  // at most every 10 s, after changes (for gauges; before LoadMirror).
  void OnMirrorChange(std::function<void(size_t rows, size_t bytes)> observer) {
    mirror_observer_ = std::move(observer);
  }

  // Writes the search terms of rows that have none (those of before
  // migration 0013), 200 projects a transaction; how many projects it did.
  absl::StatusOr<int> BackfillSearchTerms();
  // Writes the binary copy (migration 0017) of up to `limit` projects after
  // `after` (seq) that have none, in one transaction; the last seq it read
  // (0: none left). A version whose JSON does not parse keeps no copy.
  absl::StatusOr<int64_t> BackfillBinaryDocuments(int64_t after, int limit);

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

  // Under mirror_mu_ (exclusive: to change it).
  absl::Status ReloadMirror(pqxx::transaction_base& tx);
  // Brings the mirror up to the change log; with `currency`, also reads its
  // rate into `per_eur` (unset: unknown) in the same round trip.
  absl::Status SyncMirror(pqxx::transaction_base& tx, const std::string* currency = nullptr,
                          std::optional<double>* per_eur = nullptr);
  mutable std::shared_mutex mirror_mu_;
  std::unique_ptr<SearchIndex> index_;
  int64_t mirror_generation_ = 0;
  // When (steady clock, µs) a read of the change log's counter last found
  // the mirror current, and the newest generation this process committed:
  // what a search with Freshness::seen relies on.
  std::atomic<int64_t> mirror_checked_us_{0};
  std::atomic<int64_t> written_generation_{0};
  void Written(int64_t generation);
  void Checked(int64_t asked_us);
  // Whether a search may rely on the mirror as it stands for `seen`.
  bool Trusts(int64_t seen) const;
  std::function<void(size_t, size_t)> mirror_observer_;
  // The versions searches showed, by project and version, with the
  // project's revision they were read at (any write moves it).
  struct ShownVersion {
    int64_t revision_of_row = 0;
    std::shared_ptr<const Project> project;
  };
  std::mutex shown_mu_;
  std::map<std::string, ShownVersion> shown_;
  std::map<std::string, double> rates_;  // per EUR, of the budget filters' currencies (shown_mu_)
  // A page's documents (Search); with `check`, also the change log's counter
  // and `currency`'s rate (none: not asked; unset: unknown), read in the
  // same statement.
  struct ShownPage {
    ShownProjects projects;  // in the page's order; null: left out
    int64_t generation = 0;
    bool counted = false;  // generation (and per_eur) read
    std::optional<double> per_eur;
  };
  absl::StatusOr<ShownPage> ReadShown(pqxx::transaction_base& tx, const std::vector<PageRow>& rows,
                                      bool check, const std::string* currency);
  int64_t mirror_observed_us_ = 0;  // steady clock
  void ObserveMirror(bool now);     // under mirror_mu_
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_PROJECT_STORE_H_
