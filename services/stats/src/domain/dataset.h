// A statistical dataset and its provenance.
#ifndef ATLAS_STATS_DOMAIN_DATASET_H_
#define ATLAS_STATS_DOMAIN_DATASET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "atlas/core/paging.h"

namespace atlas::stats {

struct Dataset {
  std::string id = {};
  std::string title = {};
  std::string description = {};
  std::string source = {};
  std::string licence = {};
  int reference_year = 0;
  int64_t observation_count = 0;
};

using DatasetPage = core::Page<Dataset>;

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATASET_H_
