// A fast, stable, non-cryptographic content hash (FNV-1a, 64 bits) for cache
// validators and version stamps — never for anything an attacker must not forge.
#ifndef ATLAS_CORE_HASH_H_
#define ATLAS_CORE_HASH_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace atlas::core {

inline uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// A strong HTTP ETag of `bytes`: the hash in hex, quoted.
inline std::string StrongEtag(std::string_view bytes) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(Fnv1a64(bytes)));
  return buf;
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_HASH_H_
