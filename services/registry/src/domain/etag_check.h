// The check of a conditional write on the registry's reference data (themes,
// Maisons des Marocains du Monde): the etag the caller read against the
// current one.
#ifndef ATLAS_REGISTRY_DOMAIN_ETAG_CHECK_H_
#define ATLAS_REGISTRY_DOMAIN_ETAG_CHECK_H_

#include <string>

#include "absl/status/status.h"
#include "atlas/core/etag.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"

namespace atlas::registry {

// OK when `etag` names the revision of `current_etag`, or is empty and not
// `required`; INVALID_ARGUMENT on `field` when it is not an etag (or missing
// and required); ABORTED, naming `resource`, when it is an older one.
inline absl::Status CheckEtag(const std::string& current_etag, const std::string& etag,
                              const std::string& field, const std::string& resource,
                              bool required) {
  if (etag.empty() && !required) return absl::OkStatus();
  auto want = core::RevisionOfEtag(etag);
  if (!want) return core::InvalidFields({core::Violation(field, core::texts::kOneOf, {"r<n>"})});
  if (want != core::RevisionOfEtag(current_etag)) {
    return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead, {resource});
  }
  return absl::OkStatus();
}

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_ETAG_CHECK_H_
