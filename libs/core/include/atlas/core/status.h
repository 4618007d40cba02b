// Status helpers: errors that people read, in their language.
//
// Domain code reports bad input as INVALID_ARGUMENT carrying FieldViolations,
// and other errors with Error(code, Text); both keep the message in French,
// Arabic and English in a status payload. The gRPC layer (libs/rpc) renders
// them in the caller's language (google.rpc.BadRequest and
// google.rpc.LocalizedMessage details); the gateway passes them on as JSON.
#ifndef ATLAS_CORE_STATUS_H_
#define ATLAS_CORE_STATUS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "atlas/core/i18n.h"

namespace atlas::core {

struct FieldViolation {
  std::string field;      // proto field path, e.g. "project.title"
  Localized description;  // what is wrong, in plain words
  bool operator==(const FieldViolation&) const = default;
};

// A violation of `field` described by `text` with `args`.
FieldViolation Violation(std::string field, const Text& text,
                         const std::vector<std::string>& args = {});

// INVALID_ARGUMENT listing the violations (English message; all languages in
// the payload). `violations` must not be empty.
absl::Status InvalidFields(const std::vector<FieldViolation>& violations);

// The violations carried by `status` (empty if none).
std::vector<FieldViolation> FieldViolations(const absl::Status& status);
// Only their fields, in order (what tests compare).
std::vector<std::string> ViolatedFields(const absl::Status& status);

// A status with `code` whose message is `text` (English in message(), all
// three languages in the payload).
absl::Status Error(absl::StatusCode code, const Text& text,
                   const std::vector<std::string>& args = {});

// The status's message in `lang`: rebuilt from its violations or its
// localized payload, else message() as is.
std::string MessageIn(const absl::Status& status, Lang lang);

}  // namespace atlas::core

#endif  // ATLAS_CORE_STATUS_H_
