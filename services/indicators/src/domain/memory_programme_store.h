// In-memory ProgrammeStore for unit tests. Not thread-safe.
#ifndef ATLAS_INDICATORS_DOMAIN_MEMORY_PROGRAMME_STORE_H_
#define ATLAS_INDICATORS_DOMAIN_MEMORY_PROGRAMME_STORE_H_

#include <vector>

#include "atlas/core/paging.h"
#include "indicators/domain/programme_store.h"

namespace atlas::indicators {

class MemoryProgrammeStore final : public ProgrammeStore {
 public:
  void Add(Programme p) { rows_.push_back(std::move(p)); }
  absl::StatusOr<ProgrammePage> List(int limit, int64_t after) override {
    return core::PageOf(rows_, limit, after);
  }

 private:
  std::vector<Programme> rows_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_MEMORY_PROGRAMME_STORE_H_
