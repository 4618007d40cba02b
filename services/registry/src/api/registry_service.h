// gRPC adapter for atlas.registry.v1.RegistryService: proto <-> domain and
// status mapping, nothing more.
#ifndef ATLAS_REGISTRY_API_REGISTRY_SERVICE_H_
#define ATLAS_REGISTRY_API_REGISTRY_SERVICE_H_

#include "atlas/registry/v1/registry_service.grpc.pb.h"
#include "domain/project_service.h"

namespace atlas::rpc {
class Authorizer;
struct Caller;
}  // namespace atlas::rpc

namespace atlas::registry {

class RegistryServiceImpl final : public atlas::registry::v1::RegistryService::CallbackService {
 public:
  RegistryServiceImpl(ProjectService& service, rpc::Authorizer& authz)
      : service_(service), authz_(authz) {}

  grpc::ServerUnaryReactor* CreateProject(grpc::CallbackServerContext* ctx,
                                          const v1::CreateProjectRequest* req,
                                          v1::Project* resp) override;
  grpc::ServerUnaryReactor* UpdateProject(grpc::CallbackServerContext* ctx,
                                          const v1::UpdateProjectRequest* req,
                                          v1::Project* resp) override;
  grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* ctx,
                                       const v1::GetProjectRequest* req,
                                       v1::Project* resp) override;
  grpc::ServerUnaryReactor* ListProjects(grpc::CallbackServerContext* ctx,
                                         const v1::ListProjectsRequest* req,
                                         v1::ListProjectsResponse* resp) override;

 private:
  ProjectService& service_;
  rpc::Authorizer& authz_;
};

// Conversions, exposed for the store's event encoder and for tests.
void ToProto(const Project& p, v1::Project* out);
Project FromProto(const v1::Project& in);
// What `caller` may see of the registry.
Viewer ViewerOf(const rpc::Caller& caller);
// Serialised atlas.registry.events.v1.ProjectCreated / ProjectUpdated for `p`.
std::string EncodeProjectCreated(const Project& p);
std::string EncodeProjectUpdated(const Project& p, const std::vector<std::string>& changed_fields);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_API_REGISTRY_SERVICE_H_
