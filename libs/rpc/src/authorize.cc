// Token verification and per-RPC role checks.
#include "atlas/rpc/authorize.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/security/auth_context.h>
#include <grpcpp/server_context.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "atlas/auth/v1/access.pb.h"
#include "atlas/core/ids.h"
#include "atlas/core/log.h"
#include "atlas/core/status.h"

namespace atlas::rpc {
namespace {

constexpr core::Text kUnauthenticated = {
    "This operation needs a valid access token (Authorization: Bearer …)",
    "Cette opération exige un jeton d'accès valide (Authorization: Bearer …)",
    "تتطلب هذه العملية رمز وصول صالحًا (Authorization: Bearer …)"};
constexpr core::Text kForbidden = {"Your role does not allow this operation",
                                   "Votre rôle ne permet pas cette opération",
                                   "دورك لا يسمح بهذه العملية"};
constexpr core::Text kOtherOrganisation = {
    "This access token belongs to another organisation than your client certificate",
    "Ce jeton d'accès appartient à une autre organisation que votre certificat client",
    "ينتمي رمز الوصول هذا إلى منظمة غير تلك التي يعود إليها شهادة العميل الخاصة بك"};
constexpr core::Text kNoRule = {"No access rule for {0}", "Aucune règle d'accès pour {0}",
                                "لا توجد قاعدة وصول لـ {0}"};

std::string RoleName(int role) {
  const auto* d = auth::v1::Role_descriptor()->FindValueByNumber(role);
  return d == nullptr ? "" : absl::AsciiStrToLower(d->name());
}

}  // namespace

bool Caller::HasRole(std::string_view role) const {
  const auto holds = [&](std::string_view r) {
    return std::find(roles.begin(), roles.end(), r) != roles.end();
  };
  return holds(role) || (role == "editor" && holds("service"));
}

std::string Caller::OrganisationId() const {
  if (anonymous) return "";
  return core::IdOf(organisation, "organisations/").value_or("");
}

bool Caller::SeesAllOrganisations() const {
  return HasRole("validator") || HasRole("analyst") || HasRole("admin");
}

Authorizer::Authorizer(AuthorizerOptions options) : options_(std::move(options)) {
  if (options_.keys) keys_ = std::make_shared<const auth::KeySet>(*options_.keys);
}

void Authorizer::SetKeys(auth::KeySet keys) {
  auto next = std::make_shared<const auth::KeySet>(std::move(keys));
  std::lock_guard lock(keys_mu_);
  keys_ = std::move(next);
  // A token checked with a key now gone is checked again (a refresh, every
  // ATLAS_AUTH_JWKS_REFRESH_S, empties it even when the keys are the same).
  verified_.Clear();
}

Authorizer::Rule Authorizer::RuleFor(std::string_view method) {
  std::lock_guard lock(mu_);
  auto it = rules_.find(std::string(method));
  if (it != rules_.end()) return it->second;
  Rule rule;
  const auto* m =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(std::string(method));
  if (m != nullptr && m->options().HasExtension(auth::v1::access)) {
    rule.found = true;
    for (int r : m->options().GetExtension(auth::v1::access).roles()) {
      if (r == auth::v1::PUBLIC) rule.is_public = true;
      rule.roles.push_back(RoleName(r));
    }
  }
  rules_.emplace(std::string(method), rule);
  return rule;
}

absl::StatusOr<Caller> Authorizer::CheckToken(std::string_view bearer, std::string_view method,
                                              int64_t now, const Peer& peer) {
  const Rule rule = RuleFor(method);
  if (!rule.found) return core::Error(absl::StatusCode::kInternal, kNoRule, {std::string(method)});
  Caller caller;
  if (!bearer.empty()) {
    const uint64_t generation = verified_.generation();  // before the keys
    std::shared_ptr<const auth::KeySet> keys;
    {
      std::lock_guard lock(keys_mu_);
      keys = keys_;
    }
    if (!keys) return core::Error(absl::StatusCode::kUnauthenticated, kUnauthenticated);
    auto claims = auth::VerifyTokenCached(
        bearer, *keys, {.issuer = options_.issuer, .audience = options_.audience, .now = now},
        verified_, generation);
    if (!claims.ok()) {
      // A bad token is refused even on public RPCs: the caller meant to be someone.
      log::Info("token refused", {{"method", std::string(method)},
                                  {"reason", std::string(claims.status().message())}});
      if (options_.on_denied) options_.on_denied({std::string(method), "", "", "token", peer});
      return core::Error(absl::StatusCode::kUnauthenticated, kUnauthenticated);
    }
    caller.anonymous = false;
    caller.subject = claims->subject;
    caller.organisation = claims->organisation;
    caller.username = claims->username;
    caller.roles = claims->roles;
    // A partner's certificate binds its tokens to its organisation: a token
    // of another organisation over that connection is refused.
    const auto& trusted = options_.trusted_certificate_names;
    if (!peer.certificate_name.empty() &&
        std::find(trusted.begin(), trusted.end(), peer.certificate_name) == trusted.end() &&
        caller.organisation != "organisations/" + peer.certificate_name) {
      log::Info("permission denied: token of another organisation than the certificate",
                {{"method", std::string(method)}, {"subject", caller.subject}});
      if (options_.on_denied) {
        options_.on_denied(
            {std::string(method), caller.subject, caller.organisation, "certificate", peer});
      }
      return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
    }
  }
  if (rule.is_public) return caller;
  if (caller.anonymous) return core::Error(absl::StatusCode::kUnauthenticated, kUnauthenticated);
  for (const auto& role : rule.roles) {
    if (caller.HasRole(role)) return caller;
  }
  log::Info("permission denied", {{"method", std::string(method)}, {"subject", caller.subject}});
  if (options_.on_denied) {
    options_.on_denied({std::string(method), caller.subject, caller.organisation, "role", peer});
  }
  return core::Error(absl::StatusCode::kPermissionDenied, kForbidden);
}

absl::StatusOr<Caller> Authorizer::Check(const grpc::CallbackServerContext* ctx,
                                         std::string_view method) {
  std::string bearer;
  const auto& md = ctx->client_metadata();
  auto it = md.find("authorization");
  if (it != md.end()) {
    std::string_view v(it->second.data(), it->second.size());
    constexpr std::string_view kPrefix = "Bearer ";
    // Anything but "Bearer <token>" counts as a bad token, not as no token.
    bearer = v.substr(0, kPrefix.size()) == kPrefix ? std::string(v.substr(kPrefix.size()))
                                                    : std::string("malformed");
    if (bearer.empty()) bearer = "malformed";
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  Peer peer;
  peer.address = ctx->peer();
  if (auto auth = ctx->auth_context(); auth && auth->IsPeerAuthenticated()) {
    for (const auto& v : auth->FindPropertyValues("x509_common_name")) {
      peer.certificate_name.assign(v.data(), v.size());
    }
  }
  return CheckToken(bearer, method, now, peer);
}

absl::StatusOr<auth::KeySet> LoadJwksFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError("cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return auth::KeySet::FromJwks(text);
}

}  // namespace atlas::rpc
