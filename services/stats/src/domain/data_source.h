// The catalogue of data sources (issue 19, item 2): who holds the figures on
// Moroccans abroad, on whom, where, when, which variables, how often, on what
// terms — and which datasets of the atlas were built from each. Public to
// read; analysts and administrators edit it, one revision at a time.
#ifndef ATLAS_STATS_DOMAIN_DATA_SOURCE_H_
#define ATLAS_STATS_DOMAIN_DATA_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "atlas/core/paging.h"

namespace atlas::stats {

struct DataSource {
  std::string id = {};      // [a-z0-9-]
  std::string holder = {};  // the institution that holds the data
  core::Localized title = {};
  core::Localized population = {};  // who is counted
  core::Localized coverage = {};    // the countries covered
  std::string period = {};          // e.g. "1990–2024"
  core::Localized variables = {};
  std::string frequency = {};              // one of kFrequencies
  core::Localized access = {};             // conditions of access and reuse
  std::string url = {};                    // http(s) or empty
  std::vector<std::string> datasets = {};  // ids of the datasets built from it (read only)
  int64_t revision = 0;
  std::string update_time = {};  // RFC 3339
};

inline constexpr const char* kFrequencies[] = {"ANNUAL",    "BIENNIAL",  "FIVE_YEARLY",
                                               "DECENNIAL", "IRREGULAR", "ONE_OFF"};

using DataSourcePage = core::Page<DataSource>;

// Where data sources are kept (PostgreSQL; an in-memory fake for unit tests).
class DataSourceStore {
 public:
  virtual ~DataSourceStore() = default;
  virtual absl::StatusOr<DataSourcePage> List(int limit, int64_t after) = 0;
  // NOT_FOUND if there is none.
  virtual absl::StatusOr<DataSource> Find(const std::string& id) = 0;
  // ALREADY_EXISTS if the id is taken.
  virtual absl::StatusOr<DataSource> Insert(const DataSource& s, const std::string& actor) = 0;
  // Replaces the editable fields of `s.id` if its revision is still
  // `revision`: NOT_FOUND, or ABORTED when someone changed it since.
  virtual absl::StatusOr<DataSource> Update(const DataSource& s, int64_t revision,
                                            const std::string& actor) = 0;
};

// Validation, paging and concurrency rules over a store. The catalogue's
// messages are in the three languages (core::Error / field violations).
class DataSourceService {
 public:
  explicit DataSourceService(DataSourceStore& store) : store_(store) {}

  absl::StatusOr<DataSourcePage> List(int page_size, std::string_view page_token);
  absl::StatusOr<DataSource> Get(std::string_view id);
  absl::StatusOr<DataSource> Create(const DataSource& s, const std::string& actor);
  // Changes the fields named in `paths` (top-level names: holder, title,
  // population, coverage, period, variables, frequency, access, url) of the
  // source `patch.id`, based on the revision `etag` names (required).
  absl::StatusOr<DataSource> Update(const DataSource& patch, const std::vector<std::string>& paths,
                                    const std::string& etag, const std::string& actor);

 private:
  DataSourceStore& store_;
};

// What is wrong with `s` (every field at once); OK if nothing.
absl::Status ValidateDataSource(const DataSource& s);

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATA_SOURCE_H_
