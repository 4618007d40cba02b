// Fast, stable, non-cryptographic content hashes for cache validators and
// version stamps — never for anything an attacker must not forge.
#ifndef ATLAS_CORE_HASH_H_
#define ATLAS_CORE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace atlas::core {

// FNV-1a, 64 bits: a byte at a time, for short keys and the stamps already
// kept with it (stats cells, geo's reference versions).
inline uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// A strong HTTP ETag of `bytes`: their XXH3 64-bit hash (xxHash, the same on
// every replica and release of xxHash 0.8) in hex, quoted. It hashes every
// uncached answer, of any size: XXH3 reads several bytes a cycle where
// FNV-1a spends several cycles on each byte.
std::string StrongEtag(std::string_view bytes);

}  // namespace atlas::core

#endif  // ATLAS_CORE_HASH_H_
