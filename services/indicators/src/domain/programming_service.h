// The budget programming's use cases over a store: versions and their
// lines (drafts for analysts only), setting a line under the rules and its
// revision, adopting, rolling, comparing, totals. Events go with the writes.
#ifndef ATLAS_INDICATORS_DOMAIN_PROGRAMMING_SERVICE_H_
#define ATLAS_INDICATORS_DOMAIN_PROGRAMMING_SERVICE_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "indicators/domain/performance_store.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {

// Where versions and lines are kept (PostgreSQL; memory in tests).
class ProgrammingStore {
 public:
  virtual ~ProgrammingStore() = default;
  virtual absl::StatusOr<std::vector<ProgrammingVersion>> Versions() = 0;
  // NOT_FOUND if there is none.
  virtual absl::StatusOr<ProgrammingVersion> Version(int id) = 0;
  // The version's lines; `programme` "" for all.
  virtual absl::StatusOr<std::vector<BudgetLine>> Lines(int version,
                                                        const std::string& programme) = 0;
  // In one transaction, with the version and the line's series locked:
  // `decide(version, series, current)` (current: the stored line, if any)
  // says whether and what to write; the stored revision becomes current's + 1.
  using Decide = std::function<absl::StatusOr<BudgetLine>(
      const ProgrammingVersion& version, const std::vector<BudgetLine>& series,
      const std::optional<BudgetLine>& current)>;
  virtual absl::StatusOr<BudgetLine> SetLine(int version, const LineKey& key, const Decide& decide,
                                             const std::string& actor) = 0;
  // draft → adopted (FAILED_PRECONDITION through `check` if not writable);
  // `event(version, lines)` is appended to the outbox in the same transaction.
  virtual absl::StatusOr<ProgrammingVersion> Adopt(
      int version, const std::string& actor,
      const std::function<absl::StatusOr<OutboxEvent>(const ProgrammingVersion&,
                                                      const std::vector<BudgetLine>&)>& event) = 0;
  // A new draft made by `make(from, its lines)` from version `from`, with
  // its event, in one transaction.
  virtual absl::StatusOr<ProgrammingVersion> Roll(
      int from, const std::string& actor,
      const std::function<absl::StatusOr<std::vector<BudgetLine>>(
          const ProgrammingVersion&, const std::vector<BudgetLine>&)>& make,
      const std::function<OutboxEvent(const ProgrammingVersion& created, size_t lines)>& event) = 0;
};

class ProgrammingService final {
 public:
  explicit ProgrammingService(ProgrammingStore& store) : store_(store) {}

  // Adopted versions never change: the lines of the last kCachedVersions
  // adopted versions read are kept in memory (comparisons, totals and
  // reports over them read no database).
  static constexpr size_t kCachedVersions = 4;

  // Adopted versions for everyone; drafts too for analysts (`drafts`).
  absl::StatusOr<std::vector<ProgrammingVersion>> Versions(bool drafts);
  // NOT_FOUND for an unknown version, or a draft asked by someone who may not see it.
  absl::StatusOr<ProgrammingVersion> Version(int id, bool drafts);
  absl::StatusOr<std::vector<BudgetLine>> Lines(int version, const std::string& programme,
                                                bool drafts);
  // Creates or changes one line: the version must be a draft, the etag
  // ("r<n>"; empty for a new line) the stored line's, the rules kept.
  absl::StatusOr<BudgetLine> SetLine(int version, const BudgetLine& line, const std::string& etag,
                                     const std::string& actor);
  absl::StatusOr<ProgrammingVersion> Adopt(int version, const std::string& actor);
  absl::StatusOr<ProgrammingVersion> Roll(int from, const std::string& actor);
  absl::StatusOr<std::vector<LineChange>> Compare(int from, int to, bool drafts);

 private:
  using Cached = std::shared_ptr<const std::vector<BudgetLine>>;
  // Every line of adopted version `v`, from memory or read once.
  absl::StatusOr<Cached> AdoptedLines(const ProgrammingVersion& v);

  ProgrammingStore& store_;
  std::mutex mu_;
  std::map<int, Cached> adopted_;  // version id → lines (at most kCachedVersions)
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PROGRAMMING_SERVICE_H_
