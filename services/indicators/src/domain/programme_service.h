// The indicators service's logic, without transport or SQL. Thread-safe if
// the store is.
#ifndef ATLAS_INDICATORS_DOMAIN_PROGRAMME_SERVICE_H_
#define ATLAS_INDICATORS_DOMAIN_PROGRAMME_SERVICE_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "indicators/domain/programme.h"
#include "indicators/domain/programme_store.h"

namespace atlas::indicators {

class ProgrammeService final {
 public:
  explicit ProgrammeService(ProgrammeStore& store) : store_(store) {}

  // One page of programmes (AIP-158); INVALID_ARGUMENT naming page_size or
  // page_token.
  absl::StatusOr<ProgrammePage> List(int page_size, std::string_view page_token);

 private:
  ProgrammeStore& store_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PROGRAMME_SERVICE_H_
