// The Prometheus side of a process: the /metrics endpoint, process metrics,
// and gRPC server metrics compatible with go-grpc-prometheus dashboards:
//   grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method} (histogram)
#ifndef ATLAS_RPC_METRICS_H_
#define ATLAS_RPC_METRICS_H_

#include <memory>
#include <string>

#include <grpcpp/support/server_interceptor.h>

#include "absl/status/statusor.h"

namespace prometheus {
class Collectable;
class Exposer;
class Registry;
}  // namespace prometheus

namespace atlas::rpc {

class MetricsEndpoint final {
 public:
  // Serves http://host:port/metrics. UNAVAILABLE if the port cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& host, int port);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  prometheus::Registry& registry() { return *registry_; }
  // Stops the HTTP listener (takes ~2 s inside civetweb; call it in parallel
  // with other shutdown work).
  void Stop();

 private:
  MetricsEndpoint() = default;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> process_;  // the exposer holds it weakly
  std::unique_ptr<prometheus::Exposer> exposer_;
};

// Interceptor factory recording the grpc_server_* metrics into `registry`.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewServerMetricsFactory(
    prometheus::Registry& registry);

}  // namespace atlas::rpc

#endif  // ATLAS_RPC_METRICS_H_
