// Password and refresh grants, sign-out, verification.
#include "gateway/identity/token_service.h"

#include <sodium.h>

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "atlas/bus/event.h"
#include "atlas/core/ids.h"
#include "atlas/core/log.h"
#include "atlas/core/utf8.h"
#include "atlas/db/pool.h"
#include "gateway/identity/accounts.h"
#include "gateway/identity/password.h"
#include "gateway/identity/secrets.h"

namespace atlas::gateway::identity {
namespace {

constexpr char kFindUser[] = R"sql(
SELECT id::text, organisation_id, array_to_string(roles, ','), password_hash, disabled, username
FROM users WHERE username = $1)sql";

constexpr char kCreateAdmin[] = R"sql(
INSERT INTO users (username, organisation_id, roles, password_hash)
SELECT $1, 'ministry', ARRAY['admin'], $2
WHERE NOT EXISTS (SELECT 1 FROM users WHERE 'admin' = ANY (roles))
RETURNING id::text)sql";

constexpr char kInsertRefresh[] = R"sql(
INSERT INTO refresh_tokens (id, family_id, user_id, secret_hash, expires_at)
VALUES ($1::uuid, $2::uuid, $3::uuid, $4, to_timestamp($5)))sql";

// Locks the token row so two concurrent refreshes cannot both succeed.
constexpr char kFindRefresh[] = R"sql(
SELECT r.family_id::text, r.user_id::text, r.secret_hash,
       r.expires_at > to_timestamp($2), r.used_at IS NOT NULL OR r.revoked_at IS NOT NULL,
       u.organisation_id, array_to_string(u.roles, ','), u.disabled, u.username,
       r.revoked_at IS NULL AND r.used_at > now() - make_interval(secs => $3)
         AND r.used_from = $4
FROM refresh_tokens r JOIN users u ON u.id = r.user_id
WHERE r.id = $1::uuid
FOR UPDATE OF r)sql";

constexpr char kUseRefresh[] =
    "UPDATE refresh_tokens SET used_at = now(), used_from = $2 WHERE id = $1::uuid";

constexpr char kRevokeFamily[] = R"sql(
UPDATE refresh_tokens SET revoked_at = now()
WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE id = $1::uuid)
  AND revoked_at IS NULL)sql";

// "<uuid>.<secret>" -> (uuid, secret), or nullopt if malformed.
std::optional<std::pair<std::string, std::string>> SplitRefresh(const std::string& token) {
  const size_t dot = token.find('.');
  if (dot != 36 || token.size() > 128 || !core::IsCanonicalUuid(token.substr(0, dot))) {
    return std::nullopt;
  }
  return std::make_pair(token.substr(0, dot), token.substr(dot + 1));
}

absl::Status InvalidGrant() { return absl::UnauthenticatedError("invalid_grant"); }
absl::Status InvalidClient() { return absl::UnauthenticatedError("invalid_client"); }

constexpr char kFindClient[] = R"sql(
SELECT organisation_id, secret_hash, disabled FROM service_accounts WHERE id = $1::uuid)sql";

// The submitted user name as an audit actor: bounded, printable.
std::string SubmittedName(const std::string& username) {
  std::string out;
  for (char c : core::Utf8Prefix(core::Utf8Replace(username), 64)) {
    out += (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) ? c : '?';
  }
  return "username:" + out;
}

}  // namespace

TokenService::TokenService(db::Pool& pool, const auth::SigningKey& key,
                           std::vector<auth::SigningKey> retired, TokenConfig config)
    : pool_(pool), key_(key), retired_(std::move(retired)), config_(std::move(config)) {
  (void)keys_.Add(key_.kid(), key_.public_key());
  for (const auto& k : retired_) (void)keys_.Add(k.kid(), k.public_key());
}

absl::Status TokenService::BootstrapAdmin(const std::string& username,
                                          const std::string& password) {
  absl::StatusOr<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  bool created = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(kCreateAdmin, absl::AsciiStrToLower(username), *hash);
    created = !r.empty();
    if (created) {
      AppendAudit(tx, {.kind = "user.created",
                       .actor = "bootstrap",
                       .target = "users/" + r[0][0].as<std::string>(),
                       .detail = audit::Detail({{"roles", "admin"}})});
    }
    return absl::OkStatus();
  });
  if (s.ok() && created) log::Info("bootstrap admin created", {{"username", username}});
  return s;
}

std::string TokenService::AccessToken(const std::string& subject, const std::string& organisation,
                                      const std::string& username, const std::string& roles,
                                      int64_t now) const {
  auth::Claims c;
  c.issuer = config_.issuer;
  c.audience = config_.audience;
  c.subject = subject;
  c.organisation = "organisations/" + organisation;
  c.username = username;
  if (!roles.empty()) c.roles = absl::StrSplit(roles, ',');
  c.token_id = bus::NewUuid();
  c.issued_at = now;
  c.expires_at = now + config_.access_ttl_s;
  return auth::IssueToken(c, key_);
}

IssuedToken TokenService::Issue(pqxx::work& tx, const User& user, const std::string& family,
                                int64_t now) {
  const std::string id = NewClientId();
  const std::string secret = NewSecret();
  const std::string hash = Sha256(secret);
  tx.exec_params0(kInsertRefresh, id, family, user.id, pqxx::binarystring(hash.data(), hash.size()),
                  now + config_.refresh_ttl_s);
  return {AccessToken("users/" + user.id, user.organisation, user.username, user.roles, now),
          config_.access_ttl_s, id + "." + secret};
}

absl::StatusOr<IssuedToken> TokenService::PasswordGrant(const std::string& username,
                                                        const std::string& password,
                                                        const std::string& peer, int64_t now) {
  struct Row {
    User user;
    std::string hash;
    bool disabled = false;
  };
  std::optional<Row> row;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(kFindUser, absl::AsciiStrToLower(username));
    if (!r.empty()) {
      row = Row{{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                 r[0][5].as<std::string>()},
                r[0][3].as<std::string>(),
                r[0][4].as<bool>()};
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  // Verify even for unknown users, so timing does not reveal who exists.
  const bool match = VerifyPassword(row ? row->hash : DummyHash(), password);
  const bool granted = row && match && !row->disabled;
  IssuedToken issued;
  s = pool_.Transact([&](pqxx::work& tx) {
    if (!granted) {
      // The reason stays in the audit log, never in the answer.
      AppendAudit(tx, {.kind = "login.failed",
                       .actor = row ? "users/" + row->user.id : SubmittedName(username),
                       .peer = peer,
                       .detail = audit::Detail({{"reason", !row     ? "unknown user"
                                                           : !match ? "wrong password"
                                                                    : "disabled"}})});
      return absl::OkStatus();
    }
    issued = Issue(tx, row->user, NewClientId(), now);
    AppendAudit(tx, {.kind = "login.succeeded", .actor = "users/" + row->user.id, .peer = peer});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!granted) return InvalidGrant();
  return issued;
}

absl::StatusOr<IssuedToken> TokenService::ClientCredentialsGrant(const std::string& client_id,
                                                                 const std::string& client_secret,
                                                                 const std::string& peer,
                                                                 int64_t now) {
  if (!core::IsCanonicalUuid(client_id) || client_secret.empty() || client_secret.size() > 128) {
    return InvalidClient();
  }
  std::string access;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(kFindClient, client_id);
    const bool known = !r.empty();
    const bool match =
        known && SameSecret(pqxx::binarystring(r[0][1]).str(), Sha256(client_secret));
    const bool disabled = known && r[0][2].as<bool>();
    const std::string subject = "serviceAccounts/" + client_id;
    if (!known || !match || disabled) {
      AppendAudit(tx, {.kind = "client.failed",
                       .actor = subject,
                       .peer = peer,
                       .detail = audit::Detail({{"reason", !known   ? "unknown client"
                                                           : !match ? "wrong secret"
                                                                    : "disabled"}})});
      return absl::OkStatus();
    }
    access = AccessToken(subject, r[0][0].as<std::string>(), "", "service", now);
    AppendAudit(tx, {.kind = "client.succeeded", .actor = subject, .peer = peer});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (access.empty()) return InvalidClient();
  return IssuedToken{access, config_.access_ttl_s, ""};
}

absl::StatusOr<IssuedToken> TokenService::RefreshGrant(const std::string& refresh_token,
                                                       const std::string& peer, int64_t now) {
  auto parts = SplitRefresh(refresh_token);
  if (!parts) return InvalidGrant();
  IssuedToken issued;
  bool granted = false;
  bool reused = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(kFindRefresh, parts->first, now,
                                    static_cast<double>(config_.reuse_grace_s), peer);
    if (r.empty()) return absl::OkStatus();
    if (!SameSecret(pqxx::binarystring(r[0][2]).str(), Sha256(parts->second))) {
      return absl::OkStatus();  // a forged secret: no effect on the family
    }
    // Used a moment ago from the same address, not revoked: two tabs
    // refreshing at once. The second gets a pair of its own in the same
    // sign-in (whichever cookie the browser keeps last works; the other
    // expires unused). From anywhere else, or later, it is a replay.
    const bool in_grace = !r[0][9].is_null() && r[0][9].as<bool>();
    if (r[0][4].as<bool>() && !in_grace) {  // used or revoked: a replay
      reused = true;
      tx.exec_params0(kRevokeFamily, parts->first);
      AppendAudit(tx, {.kind = "refresh.reused",
                       .actor = "users/" + r[0][1].as<std::string>(),
                       .target = "refreshTokenFamilies/" + r[0][0].as<std::string>(),
                       .peer = peer});
      return absl::OkStatus();  // commit the revocation
    }
    if (!r[0][3].as<bool>() || r[0][7].as<bool>()) return absl::OkStatus();  // expired, disabled
    if (!in_grace) tx.exec_params0(kUseRefresh, parts->first, peer);
    issued = Issue(tx,
                   {r[0][1].as<std::string>(), r[0][5].as<std::string>(), r[0][6].as<std::string>(),
                    r[0][8].as<std::string>()},
                   r[0][0].as<std::string>(), now);
    AppendAudit(tx, {.kind = "token.refreshed",
                     .actor = "users/" + r[0][1].as<std::string>(),
                     .target = "refreshTokenFamilies/" + r[0][0].as<std::string>(),
                     .peer = peer,
                     .detail = in_grace ? audit::Detail({{"within_reuse_grace", true}}) : ""});
    granted = true;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (reused) log::Warn("refresh token reused; its family is revoked", {{"token", parts->first}});
  if (!granted) return InvalidGrant();
  return issued;
}

absl::Status TokenService::Logout(const std::string& refresh_token) {
  auto parts = SplitRefresh(refresh_token);
  if (!parts) return absl::OkStatus();
  return pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        "SELECT secret_hash, user_id::text, family_id::text FROM refresh_tokens WHERE id = "
        "$1::uuid",
        parts->first);
    if (r.empty()) return absl::OkStatus();
    if (SameSecret(pqxx::binarystring(r[0][0]).str(), Sha256(parts->second))) {
      tx.exec_params0(kRevokeFamily, parts->first);
      AppendAudit(tx, {.kind = "logout",
                       .actor = "users/" + r[0][1].as<std::string>(),
                       .target = "refreshTokenFamilies/" + r[0][2].as<std::string>()});
    }
    return absl::OkStatus();
  });
}

absl::Status TokenService::Ping() {
  return pool_.Read([](pqxx::transaction_base& tx) {
    tx.exec("SELECT 1");
    return absl::OkStatus();
  });
}

absl::StatusOr<auth::Claims> TokenService::Verify(std::string_view token, int64_t now) const {
  const auth::VerifyOptions options{
      .issuer = config_.issuer, .audience = config_.audience, .now = now};
  const uint64_t generation = verified_.generation();  // before the keys
  if (!external_) return auth::VerifyTokenCached(token, keys_, options, verified_, generation);
  std::shared_ptr<const auth::KeySet> keys;
  {
    std::lock_guard lock(external_mu_);
    keys = external_keys_;
  }
  if (!keys) return absl::UnauthenticatedError("the external issuer's keys are not loaded yet");
  return auth::VerifyTokenCached(token, *keys, options, verified_, generation);
}

void TokenService::SetExternalKeys(auth::KeySet keys) {
  auto next = std::make_shared<const auth::KeySet>(std::move(keys));
  std::lock_guard lock(external_mu_);
  external_keys_ = std::move(next);
  verified_.Clear();  // a token checked with a key now gone must be checked again
}

}  // namespace atlas::gateway::identity
