// Status helpers: INVALID_ARGUMENT with per-field violations.
//
// Domain code reports bad input as absl::InvalidArgumentError carrying a list
// of FieldViolation in a status payload; the gRPC layer (libs/rpc) turns it
// into google.rpc.BadRequest details, and the gateway into JSON `details`.
#ifndef ATLAS_CORE_STATUS_H_
#define ATLAS_CORE_STATUS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace atlas::core {

struct FieldViolation {
  std::string field;        // proto field path, e.g. "project.title"
  std::string description;  // what is wrong, in plain words
  bool operator==(const FieldViolation&) const = default;
};

// INVALID_ARGUMENT whose message lists the violations and whose payload keeps
// them for structured error details. `violations` must not be empty.
absl::Status InvalidFields(const std::vector<FieldViolation>& violations);

// The violations carried by `status` (empty if none).
std::vector<FieldViolation> FieldViolations(const absl::Status& status);

}  // namespace atlas::core

#endif  // ATLAS_CORE_STATUS_H_
