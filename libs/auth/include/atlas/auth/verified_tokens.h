// Access tokens already verified with every check: a token presented again
// (a page sends the same one with each request) costs a lookup, not an
// Ed25519 check (~60 µs, docs/security.md "Measured").
//
// Keyed by the whole token, so no collision can hand one caller another's
// claims; bounded (`capacity` tokens, then it starts again empty, so a flood
// of distinct valid tokens costs what it cost before); only successes are
// kept. The time claims (exp, nbf, iat, with the leeway) are checked again at
// every lookup; whoever changes the keys calls Clear().
#ifndef ATLAS_AUTH_VERIFIED_TOKENS_H_
#define ATLAS_AUTH_VERIFIED_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "atlas/auth/jwt.h"

namespace atlas::auth {

class VerifiedTokens final {
 public:
  explicit VerifiedTokens(size_t capacity = 4096) : capacity_(capacity) {}
  VerifiedTokens(const VerifiedTokens&) = delete;
  VerifiedTokens& operator=(const VerifiedTokens&) = delete;

  // The claims `token` was verified with, if it was and they still hold at
  // `options.now`.
  std::optional<Claims> Find(std::string_view token, const VerifyOptions& options) const;
  // Keeps `claims`, which VerifyToken just returned for `token` — unless
  // Clear() was called since generation() said `generation` (the keys it was
  // checked with may be gone).
  void Remember(std::string_view token, const Claims& claims, uint64_t generation);
  uint64_t generation() const;
  void Clear();
  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Claims> claims_;
  uint64_t generation_ = 0;
};

// VerifyToken(), answered from `verified` when it can, remembered there when
// it succeeds. `generation`: verified.generation() read before `keys` were
// (keys that change call Clear() after they change).
absl::StatusOr<Claims> VerifyTokenCached(std::string_view token, const KeySet& keys,
                                         const VerifyOptions& options, VerifiedTokens& verified,
                                         uint64_t generation);

}  // namespace atlas::auth

#endif  // ATLAS_AUTH_VERIFIED_TOKENS_H_
