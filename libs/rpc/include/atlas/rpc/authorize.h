// Authorization inside every service: the caller's bearer token (gRPC
// `authorization` metadata) is verified here, and the RPC's declared
// (atlas.auth.v1.access) rule decides — the gateway is not the only wall.
//
// With no trusted keys configured only PUBLIC RPCs can be called (a service
// never trusts a token it cannot verify). Thread-safe.
#ifndef ATLAS_RPC_AUTHORIZE_H_
#define ATLAS_RPC_AUTHORIZE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/auth/jwt.h"
#include "atlas/auth/verified_tokens.h"

namespace grpc {
class CallbackServerContext;
}

namespace atlas::rpc {

// Who is calling.
struct Caller {
  bool anonymous = true;
  std::string subject;        // users/{id}, serviceAccounts/{id}
  std::string organisation;   // organisations/{id}
  std::string username = {};  // a user's handle (@mentions), empty for service accounts
  std::vector<std::string> roles;
  // True if the caller holds `role`. A service account (role "service") holds
  // "editor" too: a partner system does what its organisation's editors do.
  bool HasRole(std::string_view role) const;
  // Editors and service accounts act only on their own organisation's data;
  // validators, analysts and admins on everyone's.
  bool SeesAllOrganisations() const;
  // The id in "organisations/{id}", or "" for anonymous callers.
  std::string OrganisationId() const;
};

// The transport facts about a call that authorization uses.
struct Peer {
  std::string address;  // e.g. "ipv4:127.0.0.1:5123"
  // Common name of the client certificate the TLS layer verified (mTLS);
  // empty without one.
  std::string certificate_name;
};

// A refused call, for the audit log.
struct Denial {
  std::string method;
  std::string subject;  // empty when the token was missing or invalid
  std::string organisation;
  std::string reason;  // "role", "certificate", "token"
  Peer peer;
};

struct AuthorizerOptions {
  std::optional<auth::KeySet> keys;  // trusted token keys; none = public RPCs only
  std::string issuer = "atlas";
  std::string audience = "atlas";
  // mTLS: client certificates whose common name is in this list (the
  // gateway's own) may carry any organisation's tokens; any other client
  // certificate's common name must be the token's organisation id.
  std::vector<std::string> trusted_certificate_names = {};
  // Called (on the calling thread) for every refused token or role; keep it cheap.
  std::function<void(const Denial&)> on_denied = nullptr;
};

class Authorizer final {
 public:
  explicit Authorizer(AuthorizerOptions options);

  // Replaces the trusted keys (key rotation; see auth::KeyRefresher).
  void SetKeys(auth::KeySet keys);

  // The caller of `method` ("atlas.registry.v1.RegistryService.CreateProject"),
  // or UNAUTHENTICATED (no/invalid token where one is needed) or
  // PERMISSION_DENIED (valid token, role not allowed), localized. A method with
  // no rule is denied (INTERNAL: a programming error).
  absl::StatusOr<Caller> Check(const grpc::CallbackServerContext* ctx, std::string_view method);

  // The same for an explicit bearer token ("" = none) — the transport-free core.
  absl::StatusOr<Caller> CheckToken(std::string_view bearer, std::string_view method, int64_t now,
                                    const Peer& peer = {});

 private:
  struct Rule {
    bool found = false;
    bool is_public = false;
    std::vector<std::string> roles;
  };
  Rule RuleFor(std::string_view method);

  AuthorizerOptions options_;
  std::mutex keys_mu_;
  std::shared_ptr<const auth::KeySet> keys_;  // null = none trusted
  // Tokens verified already: a page's requests carry the same token, checked
  // once (auth::VerifiedTokens: exact token, successes only, bounded).
  auth::VerifiedTokens verified_;
  std::mutex mu_;
  std::unordered_map<std::string, Rule> rules_;
};

// Reads a JWKS file; INVALID_ARGUMENT if unreadable or malformed.
absl::StatusOr<auth::KeySet> LoadJwksFile(const std::string& path);

}  // namespace atlas::rpc

#endif  // ATLAS_RPC_AUTHORIZE_H_
