// Password grant and token verification.
#include "identity/token_service.h"

#include <pqxx/pqxx>

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "atlas/bus/event.h"
#include "atlas/core/log.h"
#include "atlas/db/pool.h"
#include "identity/password.h"

namespace atlas::gateway::identity {
namespace {

constexpr char kFindUser[] = R"sql(
SELECT id::text, organisation_id, array_to_string(roles, ','), password_hash, disabled
FROM users WHERE username = $1)sql";

constexpr char kCreateAdmin[] = R"sql(
INSERT INTO users (username, organisation_id, roles, password_hash)
SELECT $1, 'ministry', ARRAY['admin'], $2
WHERE NOT EXISTS (SELECT 1 FROM users WHERE 'admin' = ANY (roles)))sql";

}  // namespace

TokenService::TokenService(db::Pool& pool, auth::SigningKey key, TokenConfig config)
    : pool_(pool), key_(std::move(key)), config_(std::move(config)) {
  (void)keys_.Add(key_.kid(), key_.public_key());
}

absl::Status TokenService::BootstrapAdmin(const std::string& username,
                                          const std::string& password) {
  absl::StatusOr<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  bool created = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    created =
        tx.exec_params(kCreateAdmin, absl::AsciiStrToLower(username), *hash).affected_rows() > 0;
    return absl::OkStatus();
  });
  if (s.ok() && created) log::Info("bootstrap admin created", {{"username", username}});
  return s;
}

absl::StatusOr<IssuedToken> TokenService::PasswordGrant(const std::string& username,
                                                        const std::string& password, int64_t now) {
  struct Row {
    std::string id, organisation, roles, hash;
    bool disabled = false;
  };
  std::optional<Row> row;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(kFindUser, absl::AsciiStrToLower(username));
    if (!r.empty()) {
      row = Row{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                r[0][3].as<std::string>(), r[0][4].as<bool>()};
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  // Verify even for unknown users, so timing does not reveal who exists.
  const bool match = VerifyPassword(row ? row->hash : DummyHash(), password);
  if (!row || !match || row->disabled) {
    return absl::UnauthenticatedError("invalid_grant");
  }
  auth::Claims c;
  c.issuer = config_.issuer;
  c.audience = config_.audience;
  c.subject = "users/" + row->id;
  c.organisation = "organisations/" + row->organisation;
  if (!row->roles.empty()) c.roles = absl::StrSplit(row->roles, ',');
  c.token_id = bus::NewUuid();
  c.issued_at = now;
  c.expires_at = now + config_.access_ttl_s;
  return IssuedToken{auth::IssueToken(c, key_), config_.access_ttl_s};
}

absl::StatusOr<auth::Claims> TokenService::Verify(std::string_view token, int64_t now) const {
  return auth::VerifyToken(token, keys_,
                           {.issuer = config_.issuer, .audience = config_.audience, .now = now});
}

}  // namespace atlas::gateway::identity
