// Access tokens already verified.
#include "atlas/auth/verified_tokens.h"

namespace atlas::auth {

std::optional<Claims> VerifiedTokens::Find(std::string_view token,
                                           const VerifyOptions& options) const {
  std::optional<Claims> found;
  {
    std::lock_guard lock(mu_);
    auto it = claims_.find(std::string(token));
    if (it == claims_.end()) return std::nullopt;
    found = it->second;
  }
  if (!TimeClaimsRejection(*found, options).empty()) return std::nullopt;
  return found;
}

void VerifiedTokens::Remember(std::string_view token, const Claims& claims, uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  if (claims_.size() >= capacity_) claims_.clear();
  claims_.insert_or_assign(std::string(token), claims);
}

void VerifiedTokens::Clear() {
  std::lock_guard lock(mu_);
  claims_.clear();
  ++generation_;
}

uint64_t VerifiedTokens::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

size_t VerifiedTokens::size() const {
  std::lock_guard lock(mu_);
  return claims_.size();
}

absl::StatusOr<Claims> VerifyTokenCached(std::string_view token, const KeySet& keys,
                                         const VerifyOptions& options, VerifiedTokens& verified,
                                         uint64_t generation) {
  if (token.size() <= options.max_length) {
    if (std::optional<Claims> known = verified.Find(token, options)) return *std::move(known);
  }
  absl::StatusOr<Claims> claims = VerifyToken(token, keys, options);
  if (claims.ok()) verified.Remember(token, *claims, generation);
  return claims;
}

}  // namespace atlas::auth
