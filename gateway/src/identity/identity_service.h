// gRPC adapter for atlas.identity.v1.IdentityService (served by the gateway
// on its own gRPC port, and through its REST routes like every service).
#ifndef ATLAS_GATEWAY_IDENTITY_IDENTITY_SERVICE_H_
#define ATLAS_GATEWAY_IDENTITY_IDENTITY_SERVICE_H_

#include "atlas/identity/v1/identity_service.grpc.pb.h"
#include "gateway/identity/accounts.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::gateway::identity {

class TokenService;

class IdentityServiceImpl final : public v1::IdentityService::CallbackService {
 public:
  IdentityServiceImpl(Accounts& accounts, const TokenService& tokens, rpc::Authorizer& authz)
      : accounts_(accounts), tokens_(tokens), authz_(authz) {}

  grpc::ServerUnaryReactor* ListOrganisations(grpc::CallbackServerContext* ctx,
                                              const v1::ListOrganisationsRequest* req,
                                              v1::ListOrganisationsResponse* resp) override;
  grpc::ServerUnaryReactor* GetOrganisation(grpc::CallbackServerContext* ctx,
                                            const v1::GetOrganisationRequest* req,
                                            v1::Organisation* resp) override;
  grpc::ServerUnaryReactor* CreateOrganisation(grpc::CallbackServerContext* ctx,
                                               const v1::CreateOrganisationRequest* req,
                                               v1::Organisation* resp) override;
  grpc::ServerUnaryReactor* CreateUser(grpc::CallbackServerContext* ctx,
                                       const v1::CreateUserRequest* req,
                                       v1::CreateUserResponse* resp) override;
  grpc::ServerUnaryReactor* SearchMentionables(grpc::CallbackServerContext* ctx,
                                               const v1::SearchMentionablesRequest* req,
                                               v1::SearchMentionablesResponse* resp) override;
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* ctx,
                                      const v1::ListUsersRequest* req,
                                      v1::ListUsersResponse* resp) override;
  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* ctx, const v1::GetUserRequest* req,
                                    v1::User* resp) override;
  grpc::ServerUnaryReactor* UpdateUser(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateUserRequest* req, v1::User* resp) override;
  grpc::ServerUnaryReactor* ResetPassword(grpc::CallbackServerContext* ctx,
                                          const v1::ResetPasswordRequest* req,
                                          v1::ResetPasswordResponse* resp) override;
  grpc::ServerUnaryReactor* CreateServiceAccount(grpc::CallbackServerContext* ctx,
                                                 const v1::CreateServiceAccountRequest* req,
                                                 v1::CreateServiceAccountResponse* resp) override;
  grpc::ServerUnaryReactor* ListServiceAccounts(grpc::CallbackServerContext* ctx,
                                                const v1::ListServiceAccountsRequest* req,
                                                v1::ListServiceAccountsResponse* resp) override;
  grpc::ServerUnaryReactor* DisableServiceAccount(grpc::CallbackServerContext* ctx,
                                                  const v1::DisableServiceAccountRequest* req,
                                                  v1::ServiceAccount* resp) override;
  grpc::ServerUnaryReactor* ListSigningKeys(grpc::CallbackServerContext* ctx,
                                            const v1::ListSigningKeysRequest* req,
                                            v1::ListSigningKeysResponse* resp) override;
  grpc::ServerUnaryReactor* ListAuditEntries(grpc::CallbackServerContext* ctx,
                                             const v1::ListAuditEntriesRequest* req,
                                             v1::ListAuditEntriesResponse* resp) override;

 private:
  // Checks the caller for `method`, then answers with `fn(actor)`.
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* ctx, const char* method, Resp* resp,
                                  Fn fn);

  Accounts& accounts_;
  const TokenService& tokens_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_IDENTITY_SERVICE_H_
