// Accounts and tokens: the OAuth 2.0 password and refresh-token grants
// (RFC 6749 §4.3, §6), sign-out (revocation), the JWKS that verifiers trust,
// and bearer-token verification for /v1/me. Thread-safe. Every method does
// blocking database work and PasswordGrant is slow on purpose (argon2id): call
// them off the I/O threads.
#ifndef ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_
#define ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_

#include <pqxx/pqxx>
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
  std::string issuer = "atlas";       // "iss" of issued tokens
  std::string audience = "atlas";     // "aud" of issued tokens
  int64_t access_ttl_s = 900;         // access-token lifetime
  int64_t refresh_ttl_s = 7 * 86400;  // refresh-token lifetime (each rotation renews it)
};

struct IssuedToken {
  std::string access_token;
  int64_t expires_in = 0;
  std::string refresh_token;  // "<id>.<secret>"; single use
};

class TokenService final {
 public:
  TokenService(db::Pool& pool, auth::SigningKey key, TokenConfig config);

  // Creates user `username` (role admin, organisation "ministry") unless an
  // admin already exists. For first start only.
  absl::Status BootstrapAdmin(const std::string& username, const std::string& password);

  // A new token pair, starting a refresh-token family. UNAUTHENTICATED
  // ("invalid_grant") for an unknown user, a wrong password or a disabled
  // account — the same answer for all three.
  absl::StatusOr<IssuedToken> PasswordGrant(const std::string& username,
                                            const std::string& password, int64_t now);

  // Uses up `refresh_token` and returns a new pair. A token presented a second
  // time revokes its whole family, later tokens included (a stolen token and
  // its legitimate twin both stop working). UNAUTHENTICATED for unknown, used,
  // revoked or expired tokens and disabled accounts.
  absl::StatusOr<IssuedToken> RefreshGrant(const std::string& refresh_token, int64_t now);

  // Revokes the family of `refresh_token` (sign-out). Unknown tokens are
  // ignored: the answer must not tell them apart (RFC 7009).
  absl::Status Logout(const std::string& refresh_token);

  absl::StatusOr<auth::Claims> Verify(std::string_view token, int64_t now) const;
  // OK if the accounts database answers (for /readyz).
  absl::Status Ping();
  std::string Jwks() const { return keys_.ToJwks(); }

 private:
  struct User {
    std::string id, organisation, roles;
  };
  // Signs an access token for `user` and stores a new refresh token in `family`.
  IssuedToken Issue(pqxx::work& tx, const User& user, const std::string& family, int64_t now);

  db::Pool& pool_;
  auth::SigningKey key_;
  auth::KeySet keys_;
  TokenConfig config_;
};

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_
