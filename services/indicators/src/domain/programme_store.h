// Where programmes are kept: the port the domain speaks to (PostgreSQL in
// store/, memory in tests).
#ifndef ATLAS_INDICATORS_DOMAIN_PROGRAMME_STORE_H_
#define ATLAS_INDICATORS_DOMAIN_PROGRAMME_STORE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "indicators/domain/programme.h"

namespace atlas::indicators {

class ProgrammeStore {
 public:
  virtual ~ProgrammeStore() = default;
  // Up to `limit` programmes after keyset position `after` (0: from the start).
  virtual absl::StatusOr<ProgrammePage> List(int limit, int64_t after) = 0;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PROGRAMME_STORE_H_
