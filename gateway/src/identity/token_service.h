// Accounts and tokens: the OAuth 2.0 password, client-credentials and
// refresh-token grants (RFC 6749 §4.3, §4.4, §6), sign-out (revocation), the
// JWKS that verifiers trust (the signing key and the other keys that still
// verify during a rotation),
// and bearer-token verification for /v1/me. Sign-ins, failures and
// refresh-token reuse are audited. Thread-safe. Every method does
// blocking database work and PasswordGrant is slow on purpose (argon2id): call
// them off the I/O threads.
#ifndef ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_
#define ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_

#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/auth/jwt.h"
#include "atlas/auth/keys.h"
#include "atlas/auth/verified_tokens.h"

namespace atlas::db {
class Pool;
}

namespace atlas::gateway::identity {

struct TokenConfig {
  std::string issuer = "atlas";       // "iss" of issued tokens
  std::string audience = "atlas";     // "aud" of issued tokens
  int64_t access_ttl_s = 900;         // access-token lifetime
  int64_t refresh_ttl_s = 7 * 86400;  // refresh-token lifetime (each rotation renews it)
  // A refresh token presented again within this many seconds of its use is
  // a second tab refreshing at the same moment, not a thief: it gets a new
  // pair of the same sign-in instead of revoking it (0 = no grace).
  int64_t reuse_grace_s = 10;
};

struct IssuedToken {
  std::string access_token;
  int64_t expires_in = 0;
  std::string refresh_token;  // "<id>.<secret>"; single use
};

class TokenService final {
 public:
  // Signs with `key`; `retired` keys (next or previous) are published and
  // verify tokens too, never sign. Rotation: docs/security.md.
  TokenService(db::Pool& pool, const auth::SigningKey& key, std::vector<auth::SigningKey> retired,
               TokenConfig config);

  // Creates user `username` (role admin, organisation "ministry") unless an
  // admin already exists. For first start only.
  absl::Status BootstrapAdmin(const std::string& username, const std::string& password);

  // A new token pair, starting a refresh-token family. UNAUTHENTICATED
  // ("invalid_grant") for an unknown user, a wrong password or a disabled
  // account — the same answer for all three.
  // `peer` is the client address, for the audit log.
  absl::StatusOr<IssuedToken> PasswordGrant(const std::string& username,
                                            const std::string& password, const std::string& peer,
                                            int64_t now);

  // An access token (no refresh token, RFC 6749 §4.4.3) for service account
  // `client_id`: subject serviceAccounts/{id}, role "service", its
  // organisation. UNAUTHENTICATED ("invalid_client") for an unknown or
  // disabled account or a wrong secret — the same answer for all three.
  absl::StatusOr<IssuedToken> ClientCredentialsGrant(const std::string& client_id,
                                                     const std::string& client_secret,
                                                     const std::string& peer, int64_t now);

  // Uses up `refresh_token` and returns a new pair. A token presented a second
  // time revokes its whole family, later tokens included (a stolen token and
  // its legitimate twin both stop working). UNAUTHENTICATED for unknown, used,
  // revoked or expired tokens and disabled accounts.
  absl::StatusOr<IssuedToken> RefreshGrant(const std::string& refresh_token,
                                           const std::string& peer, int64_t now);

  // Revokes the family of `refresh_token` (sign-out). Unknown tokens are
  // ignored: the answer must not tell them apart (RFC 7009).
  absl::Status Logout(const std::string& refresh_token);

  absl::StatusOr<auth::Claims> Verify(std::string_view token, int64_t now) const;
  // External issuer mode: tokens come from an OIDC provider and are verified
  // with its keys (refreshed by the caller); the grants are off.
  void SetExternalKeys(auth::KeySet keys);
  bool external() const { return external_; }
  void set_external(bool external) { external_ = external; }
  // OK if the accounts database answers (for /readyz).
  absl::Status Ping();
  std::string Jwks() const { return keys_.ToJwks(); }
  const auth::SigningKey& signing_key() const { return key_; }
  const std::vector<auth::SigningKey>& retired_keys() const { return retired_; }
  const auth::KeySet& keys() const { return keys_; }
  const TokenConfig& config() const { return config_; }

 private:
  struct User {
    std::string id, organisation, roles, username;
  };
  // Signs an access token for `user` and stores a new refresh token in `family`.
  IssuedToken Issue(pqxx::work& tx, const User& user, const std::string& family, int64_t now);
  // A signed access token for `subject`.
  std::string AccessToken(const std::string& subject, const std::string& organisation,
                          const std::string& username, const std::string& roles, int64_t now) const;

  db::Pool& pool_;
  auth::SigningKey key_;
  std::vector<auth::SigningKey> retired_;
  auth::KeySet keys_;
  TokenConfig config_;
  bool external_ = false;
  // Tokens verified already (GET /v1/me, the session endpoints): a lookup
  // instead of an Ed25519 check for a token seen before.
  mutable auth::VerifiedTokens verified_;
  mutable std::mutex external_mu_;
  std::shared_ptr<const auth::KeySet> external_keys_;
};

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_TOKEN_SERVICE_H_
