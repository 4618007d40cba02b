// The one etag format of the API (AIP-154) for every resource that has a
// revision — projects, themes, users: "r<revision>", e.g. "r7". The body
// carries it as is; an HTTP If-Match may quote it ("\"r7\"", W/"r7"), and
// every form parses to the same revision. Content (map tiles, pages) uses
// hash.h's StrongEtag instead: those are cache validators, not revisions.
#ifndef ATLAS_CORE_ETAG_H_
#define ATLAS_CORE_ETAG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atlas::core {

std::string RevisionEtag(int64_t revision);

// The revision of `etag` in any of its forms; nullopt if it is not one
// (empty, another format, revision < 1 or too large).
std::optional<int64_t> RevisionOfEtag(std::string_view etag);

}  // namespace atlas::core

#endif  // ATLAS_CORE_ETAG_H_
