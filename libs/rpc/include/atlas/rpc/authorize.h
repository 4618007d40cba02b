// Authorization inside every service: the caller's bearer token (gRPC
// `authorization` metadata) is verified here, and the RPC's declared
// (atlas.auth.v1.access) rule decides — the gateway is not the only wall.
//
// With no trusted keys configured only PUBLIC RPCs can be called (a service
// never trusts a token it cannot verify). Thread-safe.
#ifndef ATLAS_RPC_AUTHORIZE_H_
#define ATLAS_RPC_AUTHORIZE_H_

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/auth/jwt.h"

namespace grpc {
class CallbackServerContext;
}

namespace atlas::rpc {

// Who is calling.
struct Caller {
  bool anonymous = true;
  std::string subject;       // users/{id}, serviceAccounts/{id}
  std::string organisation;  // organisations/{id}
  std::vector<std::string> roles;
  bool HasRole(std::string_view role) const;
};

struct AuthorizerOptions {
  std::optional<auth::KeySet> keys;  // trusted token keys; none = public RPCs only
  std::string issuer = "atlas";
  std::string audience = "atlas";
};

class Authorizer final {
 public:
  explicit Authorizer(AuthorizerOptions options) : options_(std::move(options)) {}

  // The caller of `method` ("atlas.registry.v1.RegistryService.CreateProject"),
  // or UNAUTHENTICATED (no/invalid token where one is needed) or
  // PERMISSION_DENIED (valid token, role not allowed), localized. A method with
  // no rule is denied (INTERNAL: a programming error).
  absl::StatusOr<Caller> Check(const grpc::CallbackServerContext* ctx, std::string_view method);

  // The same for an explicit bearer token ("" = none) — the transport-free core.
  absl::StatusOr<Caller> CheckToken(std::string_view bearer, std::string_view method, int64_t now);

 private:
  struct Rule {
    bool found = false;
    bool is_public = false;
    std::vector<std::string> roles;
  };
  Rule RuleFor(std::string_view method);

  AuthorizerOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Rule> rules_;
};

// Reads a JWKS file; INVALID_ARGUMENT if unreadable or malformed.
absl::StatusOr<auth::KeySet> LoadJwksFile(const std::string& path);

}  // namespace atlas::rpc

#endif  // ATLAS_RPC_AUTHORIZE_H_
