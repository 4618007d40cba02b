// IdentityService handlers: authorization, then the accounts store.
#include "gateway/identity/identity_service.h"

#include "atlas/auth/keys.h"
#include "atlas/core/log.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"
#include "gateway/identity/token_service.h"

namespace atlas::gateway::identity {

template <typename Resp, typename Fn>
grpc::ServerUnaryReactor* IdentityServiceImpl::Serve(grpc::CallbackServerContext* ctx,
                                                     const char* method, Resp* resp, Fn fn) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, std::string("atlas.identity.v1.IdentityService.") + method);
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<Resp> r = fn(*caller);
  const absl::Status status = r.status();
  if (r.ok()) *resp = *std::move(r);
  return rpc::Finish(ctx, status);
}

grpc::ServerUnaryReactor* IdentityServiceImpl::ListOrganisations(
    grpc::CallbackServerContext* ctx, const v1::ListOrganisationsRequest* req,
    v1::ListOrganisationsResponse* resp) {
  return Serve(ctx, "ListOrganisations", resp, [&](const rpc::Caller&) {
    return accounts_.ListOrganisations(req->page_size(), req->page_token());
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::GetOrganisation(
    grpc::CallbackServerContext* ctx, const v1::GetOrganisationRequest* req,
    v1::Organisation* resp) {
  return Serve(ctx, "GetOrganisation", resp,
               [&](const rpc::Caller&) { return accounts_.GetOrganisation(req->name()); });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::CreateOrganisation(
    grpc::CallbackServerContext* ctx, const v1::CreateOrganisationRequest* req,
    v1::Organisation* resp) {
  return Serve(ctx, "CreateOrganisation", resp, [&](const rpc::Caller& caller) {
    return accounts_.CreateOrganisation(*req, caller.subject);
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::CreateUser(grpc::CallbackServerContext* ctx,
                                                          const v1::CreateUserRequest* req,
                                                          v1::CreateUserResponse* resp) {
  return Serve(ctx, "CreateUser", resp, [&](const rpc::Caller& caller) {
    return accounts_.CreateUser(*req, caller.subject);
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::SearchMentionables(
    grpc::CallbackServerContext* ctx, const v1::SearchMentionablesRequest* req,
    v1::SearchMentionablesResponse* resp) {
  return Serve(ctx, "SearchMentionables", resp, [&](const rpc::Caller& caller) {
    return accounts_.SearchMentionables(*req, caller);
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::ListUsers(grpc::CallbackServerContext* ctx,
                                                         const v1::ListUsersRequest* req,
                                                         v1::ListUsersResponse* resp) {
  return Serve(ctx, "ListUsers", resp,
               [&](const rpc::Caller&) { return accounts_.ListUsers(*req); });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::GetUser(grpc::CallbackServerContext* ctx,
                                                       const v1::GetUserRequest* req,
                                                       v1::User* resp) {
  return Serve(ctx, "GetUser", resp,
               [&](const rpc::Caller&) { return accounts_.GetUser(req->name()); });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::UpdateUser(grpc::CallbackServerContext* ctx,
                                                          const v1::UpdateUserRequest* req,
                                                          v1::User* resp) {
  return Serve(ctx, "UpdateUser", resp, [&](const rpc::Caller& caller) {
    return accounts_.UpdateUser(*req, caller.subject);
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::ResetPassword(grpc::CallbackServerContext* ctx,
                                                             const v1::ResetPasswordRequest* req,
                                                             v1::ResetPasswordResponse* resp) {
  return Serve(ctx, "ResetPassword", resp, [&](const rpc::Caller& caller) {
    return accounts_.ResetPassword(req->name(), caller.subject);
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::CreateServiceAccount(
    grpc::CallbackServerContext* ctx, const v1::CreateServiceAccountRequest* req,
    v1::CreateServiceAccountResponse* resp) {
  return Serve(ctx, "CreateServiceAccount", resp, [&](const rpc::Caller& caller) {
    return accounts_.CreateServiceAccount(req->service_account(), caller.subject);
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::ListServiceAccounts(
    grpc::CallbackServerContext* ctx, const v1::ListServiceAccountsRequest* req,
    v1::ListServiceAccountsResponse* resp) {
  return Serve(ctx, "ListServiceAccounts", resp, [&](const rpc::Caller&) {
    return accounts_.ListServiceAccounts(req->page_size(), req->page_token());
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::DisableServiceAccount(
    grpc::CallbackServerContext* ctx, const v1::DisableServiceAccountRequest* req,
    v1::ServiceAccount* resp) {
  return Serve(ctx, "DisableServiceAccount", resp, [&](const rpc::Caller& caller) {
    return accounts_.DisableServiceAccount(req->name(), caller.subject);
  });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::ListSigningKeys(grpc::CallbackServerContext* ctx,
                                                               const v1::ListSigningKeysRequest*,
                                                               v1::ListSigningKeysResponse* resp) {
  return Serve(ctx, "ListSigningKeys", resp,
               [&](const rpc::Caller&) -> absl::StatusOr<v1::ListSigningKeysResponse> {
                 v1::ListSigningKeysResponse out;
                 const auto add = [&](const auth::SigningKey& k, bool active) {
                   auto* key = out.add_keys();
                   key->set_key_id(k.kid());
                   key->set_algorithm("EdDSA");
                   key->set_active(active);
                   key->set_public_key(auth::Base64UrlEncode(k.public_key()));
                 };
                 add(tokens_.signing_key(), true);
                 for (const auto& k : tokens_.retired_keys()) add(k, false);
                 return out;
               });
}

grpc::ServerUnaryReactor* IdentityServiceImpl::ListAuditEntries(
    grpc::CallbackServerContext* ctx, const v1::ListAuditEntriesRequest* req,
    v1::ListAuditEntriesResponse* resp) {
  return Serve(ctx, "ListAuditEntries", resp,
               [&](const rpc::Caller&) { return accounts_.ListAuditEntries(*req); });
}

}  // namespace atlas::gateway::identity
