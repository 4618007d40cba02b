// The REST surface, derived from the google.api.http annotations of the
// services compiled into the gateway — no hand-written route per RPC.
// Built once at start-up; read-only afterwards (thread-safe).
#ifndef ATLAS_GATEWAY_ROUTING_ROUTE_TABLE_H_
#define ATLAS_GATEWAY_ROUTING_ROUTE_TABLE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/routing/path_template.h"

namespace google::protobuf {
class MethodDescriptor;
class ServiceDescriptor;
}  // namespace google::protobuf

namespace atlas::gateway {

struct Route {
  std::string http_method;  // "GET", "POST", ...
  PathTemplate path;
  std::string body;  // "", "*" or a top-level field name
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_path;  // "/atlas.registry.v1.RegistryService/GetProject"
  std::string backend;    // service short name: "registry", "geo", ...
};

class RouteTable final {
 public:
  // Routes of every method of `services` (full names, e.g.
  // "atlas.registry.v1.RegistryService"). Each must be linked in and every
  // method must carry a google.api.http rule, else INVALID_ARGUMENT.
  static absl::StatusOr<RouteTable> Build(const std::vector<std::string>& services);

  struct Found {
    const Route* route = nullptr;  // null if nothing matched path and method
    std::vector<std::pair<std::string, std::string>> bindings;
    std::vector<std::string> allowed;  // methods that match the path (for 405)
  };
  Found Find(std::string_view http_method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;  // most literal segments first
};

// "atlas.registry.v1.RegistryService" -> "registry".
std::string BackendOf(std::string_view service_full_name);

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_ROUTING_ROUTE_TABLE_H_
