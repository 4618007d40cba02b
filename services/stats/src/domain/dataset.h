// A statistical dataset and its provenance.
#ifndef ATLAS_STATS_DOMAIN_DATASET_H_
#define ATLAS_STATS_DOMAIN_DATASET_H_

#include <cstdint>
#include <string>
#include <vector>

namespace atlas::stats {

struct Dataset {
  std::string id;
  std::string title;
  std::string description;
  std::string source;
  std::string licence;
  int reference_year = 0;
  int64_t observation_count = 0;
};

struct DatasetPage {
  std::vector<Dataset> datasets;
  int64_t last_seq = 0;
  bool more = false;
};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATASET_H_
