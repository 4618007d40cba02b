// The statistics service's logic, without transport or SQL: the catalogue of
// datasets, their code lists, and queries answered from each replica's cubes
// (one per released version, built on first use and kept), with disclosure
// control on every answer to a caller who is not an analyst. Thread-safe if
// the store is.
#ifndef ATLAS_STATS_DOMAIN_DATASET_SERVICE_H_
#define ATLAS_STATS_DOMAIN_DATASET_SERVICE_H_

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "stats/domain/cube.h"
#include "stats/domain/dataset.h"
#include "stats/domain/dataset_store.h"
#include "stats/domain/disclosure.h"

namespace atlas::stats {

// Who asks: analysts (and administrators) see exact figures.
struct Reader {
  bool exact = false;
};

struct Query {
  std::string dataset = {};  // the dataset's id
  int version = 0;           // 0: the latest released
  std::vector<std::string> group_by = {};
  // "DIM=code+code" each; a dimension at most once.
  std::vector<std::string> filters = {};
  std::string start_period = {};
  std::string end_period = {};  // TIME_PERIOD bounds, inclusive
  bool totals = false;          // subtotals over every grouped dimension but time
  int top = 0;                  // only the N largest cells (0: all)
};

struct QueryCell {
  std::vector<std::string> key = {};  // one code per grouped dimension; "_T" where collapsed
  std::optional<int64_t> value = {};  // none: missing
  char status = 'A';                  // A, E, P or M
  bool small = false;                 // published value <= kSmallCell
  bool incomplete = false;            // some of its observations are missing
  std::optional<double> share = {};   // of the total over every grouped dimension but time
};

struct QueryResult {
  Dataset dataset = {};
  int version = 0;
  std::vector<std::string> group_by = {};
  // The values every non-grouped dimension was fixed to ("DIM=code" or
  // "DIM=a+b"), so a reader knows what the figures cover.
  std::vector<std::string> fixed = {};
  std::vector<QueryCell> cells = {};
  std::vector<QueryCell> margins = {};
  bool exact = false;  // false: every value rounded (disclosure control)
};

// Observations of a data query (SDMX): each a cell of its own.
struct SeriesQuery {
  std::string dataset = {};
  int version = 0;
  std::string key = {};  // SDMX key: one part per dimension but time, "+" for OR, "" = all
  std::string start_period = {};
  std::string end_period = {};
};

struct SeriesObservation {
  std::vector<std::string> key = {};  // every dimension, time last
  QueryCell cell = {};
  std::string note = {};
};

struct ImportResult {
  int version = 0;
  bool created = false;
  int64_t observations = 0;
  std::string content_sha256 = {};
};

struct ObservationChange {
  std::vector<std::string> key = {};
  std::optional<int64_t> from = {};
  std::optional<int64_t> to = {};
  std::string kind = {};  // added, removed, changed
};

struct VersionDiff {
  int64_t added = 0;
  int64_t removed = 0;
  int64_t changed = 0;
  std::vector<ObservationChange> changes = {};  // the first kMaxChangesListed
};

inline constexpr size_t kMaxChangesListed = 1000;

class DatasetService final {
 public:
  // `metadata_ttl`: how long a dataset's metadata (its latest versions) is
  // reused before it is read again: a release made by another replica shows
  // here within that time (this replica's own at once).
  explicit DatasetService(DatasetStore& store,
                          std::chrono::milliseconds metadata_ttl = std::chrono::seconds(1))
      : store_(store), metadata_ttl_(metadata_ttl) {}

  // One page of datasets (AIP-158: page_size 0 = kDefaultPageSize, capped at
  // kMaxPageSize); INVALID_ARGUMENT naming page_size or page_token.
  // Analysts see every dataset; others only those with a released version.
  absl::StatusOr<DatasetPage> List(int page_size, std::string_view page_token, const Reader& who);
  // NOT_FOUND (worded) for an unknown id.
  absl::StatusOr<Dataset> Get(std::string_view id);
  absl::StatusOr<std::vector<Codelist>> Codelists();
  // The name of `code` in `codelist`, or the code itself.
  std::string Label(const std::string& codelist, const std::string& code, core::Lang lang);

  // Per dimension, the codes the latest released version uses (a dataset
  // without one: none).
  absl::StatusOr<std::vector<std::vector<std::string>>> CodesInUse(std::string_view id);

  // INVALID_ARGUMENT naming every bad field (unknown dimension or code,
  // periods, a sum over time or over a total code); NOT_FOUND for an unknown
  // dataset or version.
  absl::StatusOr<QueryResult> Run(const Query& q, const Reader& who);
  absl::StatusOr<std::vector<SeriesObservation>> Series(const SeriesQuery& q, const Reader& who,
                                                        Dataset* dataset);

  // A new draft version from `file` (see import.h), all or nothing; the same
  // file again answers its version with created = false. INVALID_ARGUMENT
  // naming every bad row.
  absl::StatusOr<ImportResult> Import(std::string_view id, ImportFormat format,
                                      std::string_view file, bool validate_only,
                                      const std::string& actor);
  // Released versions, and drafts for analysts.
  absl::StatusOr<std::vector<DatasetVersion>> Versions(std::string_view id, const Reader& who);
  // NOT_FOUND, FAILED_PRECONDITION (already released), both worded.
  absl::StatusOr<DatasetVersion> Release(std::string_view id, int version,
                                         const std::string& actor);
  absl::StatusOr<VersionDiff> Diff(std::string_view id, int from, int to);

  // Every dataset of the catalogue, all pages.
  absl::StatusOr<std::vector<Dataset>> All();

  // Builds the cube of every released version now (at start-up), so the first
  // queries do not wait. Returns the bytes held.
  absl::StatusOr<size_t> Warm();

 private:
  struct Loaded {
    Dataset dataset = {};
    int version = 0;
    std::shared_ptr<const Cube> cube = {};
  };
  absl::StatusOr<Loaded> Load(std::string_view id, int version, const Reader& who);
  absl::StatusOr<const RecordKeys*> Keys();
  QueryCell Publish(const Cube::Cell& c, const Reader& who) const;
  void Forget(std::string_view id);

  DatasetStore& store_;
  std::chrono::milliseconds metadata_ttl_;
  std::mutex mu_;
  std::map<std::string, std::pair<Dataset, std::chrono::steady_clock::time_point>, std::less<>>
      metadata_ = {};
  std::map<std::pair<std::string, int>, std::shared_ptr<const Cube>> cubes_ = {};
  std::optional<RecordKeys> keys_ = {};
  // The code lists, loaded once, and every code's name by "list\x1fcode".
  struct Lists {
    std::vector<Codelist> lists;
    absl::flat_hash_map<std::string, core::Localized> names;
  };
  absl::StatusOr<std::shared_ptr<const Lists>> LoadLists();
  std::shared_ptr<const Lists> lists_ = {};
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATASET_SERVICE_H_
