// gRPC server bootstrap shared by every service: health (grpc.health.v1),
// reflection, the metrics interceptor, and graceful shutdown.
//
// The health status starts NOT_SERVING; the binary calls SetServing(true) once
// its database and NATS connections are up, and the NATS connection callbacks
// may flip it back. Shutdown() first reports NOT_SERVING, then lets in-flight
// calls finish until the grace deadline.
#ifndef ATLAS_RPC_SERVER_H_
#define ATLAS_RPC_SERVER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/config.h"

namespace grpc {
class ChannelCredentials;
class Server;
class ServerCredentials;
class Service;
}  // namespace grpc

namespace prometheus {
class Registry;
}

namespace atlas::rpc {

class Server final {
 public:
  // Listens on `address` ("host:port"; port 0 picks one) with `services`.
  // With `tls` enabled the port speaks only TLS (and checks client
  // certificates as configured); INVALID_ARGUMENT if a file cannot be read.
  // `tls.health_port` (even without TLS) adds a plaintext port on the same
  // host that serves only grpc.health.v1, with the same serving status.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const std::string& address,
                                                       const std::vector<grpc::Service*>& services,
                                                       prometheus::Registry* metrics,
                                                       const core::TlsConfig& tls = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void SetServing(bool serving);
  // NOT_SERVING, then waits up to `grace` for in-flight calls, then cancels them.
  void Shutdown(std::chrono::milliseconds grace);
  int port() const { return port_; }

 private:
  Server() = default;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;  // tls.health_port: grpc.health.v1 only
  int port_ = 0;
  bool shut_down_ = false;
};

// Server credentials for `tls` (which must be enabled).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsServerCredentials(
    const core::TlsConfig& tls);

// Client credentials: trust `ca_file` (empty = system roots); present
// `cert_file`/`key_file` when set (mTLS).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsChannelCredentials(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file);

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts
// afterwards. Call first thing in main().
void BlockTerminationSignals();

// Waits for SIGINT or SIGTERM (blocked beforehand) and returns its number.
int WaitForTerminationSignal();

}  // namespace atlas::rpc

#endif  // ATLAS_RPC_SERVER_H_
