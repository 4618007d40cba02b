// One released version's observations as columns, held in memory by each
// replica: every dimension dictionary-encoded (16 bits a row), the values,
// their status and each observation's record key (disclosure control). A
// query scans the columns once per grouping; no SQL at query time.
#ifndef ATLAS_STATS_DOMAIN_CUBE_H_
#define ATLAS_STATS_DOMAIN_CUBE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "stats/domain/dataset.h"

namespace atlas::stats {

class Cube {
 public:
  struct Dim {
    std::string id = {};
    std::vector<std::string> codes = {};  // in first-seen order
    absl::flat_hash_map<std::string, uint16_t> index = {};
    int total = -1;  // index of kTotalCode, -1 if the data has none
  };

  // An aggregate over the rows that pass the selection.
  struct Cell {
    std::vector<uint16_t> coords = {};  // one code index per grouped dimension
    int64_t sum = 0;                    // of the rows with a value
    uint64_t key = 0;                   // sum of the record keys of the non-zero rows
    uint32_t rows = 0;
    uint32_t missing = 0;  // rows without a value (status M)
    bool estimated = false;
    bool provisional = false;
  };

  // INVALID_ARGUMENT if a dimension has more than 65 535 codes or a key has the
  // wrong length.
  static absl::StatusOr<Cube> Build(const std::vector<Dimension>& dimensions,
                                    const std::vector<Observation>& observations,
                                    const std::function<uint64_t(const Observation&)>& record_key);

  // Cells grouped by the dimensions `group_by` (indices), over the rows whose
  // code passes `allowed[d]` for every dimension d (an empty mask passes all).
  // Cells with no row are left out; order: by coordinates.
  std::vector<Cell> Aggregate(const std::vector<int>& group_by,
                              const std::vector<std::vector<bool>>& allowed) const;

  // The note of the observation with `key`, or "" (notes are few: kept sparse).
  const std::string& Note(const std::vector<std::string>& key) const;

  const std::vector<Dim>& dims() const { return dims_; }
  int DimIndex(std::string_view id) const;
  size_t rows() const { return values_.size(); }
  // Bytes held by the columns and dictionaries (approximate).
  size_t MemoryBytes() const;

 private:
  std::vector<Dim> dims_ = {};
  std::vector<std::vector<uint16_t>> columns_ = {};  // [dimension][row]
  std::vector<int64_t> values_ = {};
  std::vector<uint64_t> keys_ = {};
  std::vector<char> status_ = {};
  absl::flat_hash_map<std::string, std::string> notes_ = {};
  // Point queries (every dimension one code, nothing grouped): the row of
  // each full key, by a hash of its codes (checked on a hit).
  absl::flat_hash_map<uint64_t, uint32_t> points_ = {};
  uint64_t PointHash(const std::vector<uint16_t>& coords) const;
  bool Point(const std::vector<std::vector<bool>>& allowed, std::vector<Cell>* out) const;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_CUBE_H_
