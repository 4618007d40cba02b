// Accounts and access tokens: the OAuth 2.0 password grant (RFC 6749 §4.3),
// the JWKS that verifiers trust, and bearer-token verification for /v1/me.
// Thread-safe. PasswordGrant is slow on purpose (argon2id): run it off the
// I/O threads.
#ifndef ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_
#define ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/auth/jwt.h"
#include "atlas/auth/keys.h"

namespace atlas::db {
class Pool;
}

namespace atlas::gateway::identity {

struct TokenConfig {
  std::string issuer = "atlas";    // "iss" of issued tokens
  std::string audience = "atlas";  // "aud" of issued tokens
  int64_t access_ttl_s = 900;      // access-token lifetime
};

struct IssuedToken {
  std::string access_token;
  int64_t expires_in = 0;
};

class TokenService final {
 public:
  TokenService(db::Pool& pool, auth::SigningKey key, TokenConfig config);

  // Creates user `username` (role admin, organisation "ministry") unless an
  // admin already exists. For first start only.
  absl::Status BootstrapAdmin(const std::string& username, const std::string& password);

  // UNAUTHENTICATED ("invalid_grant") for an unknown user, a wrong password or
  // a disabled account — the same answer for all three.
  absl::StatusOr<IssuedToken> PasswordGrant(const std::string& username,
                                            const std::string& password, int64_t now);

  absl::StatusOr<auth::Claims> Verify(std::string_view token, int64_t now) const;
  std::string Jwks() const { return keys_.ToJwks(); }

 private:
  db::Pool& pool_;
  auth::SigningKey key_;
  auth::KeySet keys_;
  TokenConfig config_;
};

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_
