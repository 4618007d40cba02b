// The life of a service process, so that each main.cpp only wires.
//
// Main() reads the ServiceConfig, starts logging and /metrics, connects to
// PostgreSQL (retrying until ATLAS_STARTUP_TIMEOUT_S), applies the bus and
// service migrations, connects to NATS and ensures the ATLAS stream, calls
// `wire` to build the service, starts the gRPC server, reports SERVING, and
// then waits for SIGINT/SIGTERM. Shutdown order: NOT_SERVING -> gRPC calls
// drain (grace) -> consumers stop -> relay flushes -> connections close.
#ifndef ATLAS_RUNTIME_RUNTIME_H_
#define ATLAS_RUNTIME_RUNTIME_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "atlas/bus/consumer.h"
#include "atlas/core/config.h"
#include "atlas/core/processes.h"
#include "atlas/db/migrate.h"

namespace grpc {
class Service;
}
namespace prometheus {
class Registry;
}

namespace atlas::audit {
class DenialRecorder;
}
namespace atlas::auth {
class KeyRefresher;
class KeySet;
}  // namespace atlas::auth
namespace atlas::bus {
class JetStream;
class Relay;
}  // namespace atlas::bus
namespace atlas::db {
class Pool;
}
namespace atlas::rpc {
class Authorizer;
struct Denial;
class MetricsEndpoint;
class Server;
}  // namespace atlas::rpc

namespace atlas::runtime {

struct MainOptions;

class Runtime final {
 public:
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const core::ServiceConfig& config() const { return config_; }
  db::Pool& pool() { return *pool_; }
  bus::JetStream& jetstream() { return *js_; }
  prometheus::Registry& metrics();
  // Checks callers' tokens and roles; every handler asks it first.
  rpc::Authorizer& authorizer() { return *authorizer_; }

  // Starts the outbox relay (producers call it); returns it so the store can
  // Wake() it after each commit.
  bus::Relay& StartRelay();
  // Adds a durable consumer on the service's stream, started before SERVING.
  void AddConsumer(bus::ConsumerOptions options, bus::Consumer::Handler handler);
  // gRPC services to serve.
  void AddService(grpc::Service* service) { services_.push_back(service); }
  // Keeps `object` alive until after shutdown.
  void Keep(std::shared_ptr<void> object) { kept_.push_back(std::move(object)); }
  // Runs `stop` when shutdown begins, before the gRPC server drains: what
  // wire() started that the runtime does not own (the gateway's HTTP server).
  // The last added runs first.
  void OnShutdown(std::function<void()> stop) { on_shutdown_.push_back(std::move(stop)); }
  // Calls `apply` with the trusted issuers' keys (ATLAS_AUTH_JWKS_FILE/URL)
  // now if they are loaded and after every refresh; the authorizer already
  // gets them. From the refresher's thread.
  void OnTrustedKeys(std::function<void(const auth::KeySet&)> apply);

 private:
  friend int Main(int, char**, const core::Process&, const std::vector<db::Migration>&,
                  const std::function<absl::Status(Runtime&)>&, const MainOptions&);
  Runtime() = default;
  absl::Status Open(const std::vector<db::Migration>& migrations);
  // ATLAS_MIGRATE_ONLY=true: apply the migrations and exit (an init container
  // before the replicas start; Migrate's advisory lock makes concurrent runs safe).
  int MigrateOnly(const std::vector<db::Migration>& migrations);
  // `atlas-<svc> dead-letters …` (bus::DeadLettersCommand) on this service's schema.
  int DeadLetters(const std::vector<db::Migration>& migrations,
                  const std::vector<std::string>& args);
  // Connects (retrying until ATLAS_STARTUP_TIMEOUT_S) and applies the bus's
  // and the service's migrations.
  absl::Status OpenDatabase(const std::vector<db::Migration>& migrations, int size,
                            prometheus::Registry* metrics);
  absl::Status Serve();
  void Shutdown();

  core::ServiceConfig config_;
  int startup_timeout_s_ = 30;
  std::unique_ptr<rpc::MetricsEndpoint> metrics_;
  std::unique_ptr<rpc::Authorizer> authorizer_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<bus::JetStream> js_;
  std::unique_ptr<bus::Relay> relay_;
  std::vector<std::unique_ptr<bus::Consumer>> consumers_;
  std::vector<grpc::Service*> services_;
  std::vector<std::shared_ptr<void>> kept_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<audit::DenialRecorder> denials_;
  std::unique_ptr<auth::KeyRefresher> keys_;
  bool signs_own_tokens_ = false;
  std::vector<std::function<void()>> on_shutdown_;
  std::mutex keys_mu_;
  std::shared_ptr<const auth::KeySet> trusted_keys_;                     // guarded by keys_mu_
  std::vector<std::function<void(const auth::KeySet&)>> key_listeners_;  // guarded by keys_mu_
};

// What a process adds to the common life.
struct MainOptions {
  // Reads the process's own settings in the same pass as the common ones, so
  // that every malformed variable is reported at once (exit 2); the shared
  // settings are read by then.
  std::function<void(core::EnvReader&, const core::ServiceConfig&)> read_config;
  // The process issues tokens and trusts its own keys (the gateway): no
  // warning when no issuer's keys are configured.
  bool signs_own_tokens = false;
};

// Runs a service process; returns the process exit code. With arguments,
// runs the operator's command instead: `dead-letters list|replay|discard`.
// `process` is this binary's row of processes.json (core/processes.h): its
// name (and schema) and default ports.
int Main(int argc, char** argv, const core::Process& process,
         const std::vector<db::Migration>& migrations,
         const std::function<absl::Status(Runtime&)>& wire, const MainOptions& options = {});

}  // namespace atlas::runtime

#endif  // ATLAS_RUNTIME_RUNTIME_H_
