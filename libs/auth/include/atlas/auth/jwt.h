// Access tokens: JWTs signed with Ed25519 (JWS alg "EdDSA"), issued by the
// gateway and verified by every service.
//
// VerifyToken is deliberately strict; it rejects, with UNAUTHENTICATED:
//   * anything but exactly header.payload.signature in canonical base64url,
//     or longer than max_length;
//   * any alg other than "EdDSA" (so "none", HS256 keyed with the public key
//     and other algorithm confusions), a "crit" header, a missing or unknown
//     "kid" (keys come only from the KeySet, never from the token: jwk/jku/x5u
//     headers are ignored);
//   * a signature that does not verify;
//   * JSON with duplicate member names (parser differentials);
//   * a missing/expired "exp", a future "nbf" or "iat" (beyond leeway), a wrong
//     "iss", an "aud" that does not name the expected audience, a missing "sub".
// Thread-safe (pure functions).
#ifndef ATLAS_AUTH_JWT_H_
#define ATLAS_AUTH_JWT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/auth/keys.h"

namespace atlas::auth {

struct Claims {
  std::string issuer;              // iss
  std::string subject;             // sub: users/{id} or serviceAccounts/{id}
  std::string audience;            // aud
  std::string organisation;        // org: organisations/{id}, empty for none
  std::string username = {};       // preferred_username (OIDC): a user's handle, empty otherwise
  std::vector<std::string> roles;  // roles: editor, validator, analyst, admin, service
  std::string token_id;            // jti
  int64_t issued_at = 0;           // iat, seconds since the epoch
  int64_t not_before = 0;          // nbf, 0 = none
  int64_t expires_at = 0;          // exp
  bool operator==(const Claims&) const = default;
};

// header.payload.signature for `claims`, signed with `key` (its kid in the header).
std::string IssueToken(const Claims& claims, const SigningKey& key);

struct VerifyOptions {
  std::string issuer;     // required "iss"
  std::string audience;   // required member of "aud"
  int64_t now = 0;        // seconds since the epoch
  int64_t leeway_s = 30;  // clock skew tolerated on exp/nbf/iat
  size_t max_length = 8192;
};

// Why `c`'s time claims do not hold at `opt.now` — exp, then nbf and iat
// where set, each with the leeway — or "" when they hold (VerifyToken's
// check, and VerifiedTokens' at each lookup).
std::string_view TimeClaimsRejection(const Claims& c, const VerifyOptions& opt);

// The token's claims, or UNAUTHENTICATED saying (in English, for logs) why not.
absl::StatusOr<Claims> VerifyToken(std::string_view token, const KeySet& keys,
                                   const VerifyOptions& options);

}  // namespace atlas::auth

#endif  // ATLAS_AUTH_JWT_H_
