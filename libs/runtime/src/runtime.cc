// Service process lifecycle.
#include "atlas/runtime/runtime.h"

#include <prometheus/registry.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "atlas/audit/audit.h"
#include "atlas/auth/jwks_source.h"
#include "atlas/bus/dead_letters.h"
#include "atlas/bus/jetstream.h"
#include "atlas/bus/outbox.h"
#include "atlas/bus/relay.h"
#include "atlas/core/fault.h"
#include "atlas/core/log.h"
#include "atlas/core/retry.h"
#include "atlas/db/pool.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/metrics.h"
#include "atlas/rpc/server.h"

namespace atlas::runtime {
Runtime::~Runtime() = default;

prometheus::Registry& Runtime::metrics() { return metrics_->registry(); }

absl::Status Runtime::Open(const std::vector<db::Migration>& migrations) {
  rpc::AuthorizerOptions auth;
  auth.issuer = config_.jwt_issuer;
  auth.audience = config_.jwt_audience;
  if (config_.jwks_file.empty() && config_.jwks_url.empty() && !signs_own_tokens_) {
    log::Warn(
        "neither ATLAS_AUTH_JWKS_FILE nor ATLAS_AUTH_JWKS_URL is set: no token can be verified, "
        "only public RPCs work");
  }
  auth.trusted_certificate_names = config_.tls.trusted_client_names;
  // Refused calls become audit events through the outbox (every service relays).
  denials_ =
      std::make_unique<audit::DenialRecorder>(config_.service, [this](const audit::Entry& entry) {
        if (!pool_ || !relay_) return absl::UnavailableError("not started");
        absl::Status s = pool_->Transact([&](pqxx::work& tx) {
          return bus::AppendToOutbox(tx, audit::ToEvent(config_.service, entry));
        });
        if (s.ok()) relay_->Wake();
        return s;
      });
  auth.on_denied = [this](const rpc::Denial& d) { denials_->Record(d); };
  authorizer_ = std::make_unique<rpc::Authorizer>(std::move(auth));
  // Trusted keys, re-read periodically so that a rotation needs no restart.
  if (!config_.jwks_url.empty()) {
    if (absl::Status s = auth::CheckJwksUrl(config_.jwks_url); !s.ok()) {
      return absl::InvalidArgumentError("ATLAS_AUTH_JWKS_URL: " + std::string(s.message()));
    }
  }
  // A process that signs its own tokens trusts its own keys, not the file
  // published for the others (only an external issuer replaces them).
  const std::string jwks_file = signs_own_tokens_ ? std::string() : config_.jwks_file;
  if (!jwks_file.empty() || !config_.jwks_url.empty()) {
    const bool remote = !config_.jwks_url.empty();
    keys_ = std::make_unique<auth::KeyRefresher>(
        auth::JwksSource{.location = remote ? config_.jwks_url : jwks_file,
                         .ca_file = config_.jwks_ca_file},
        std::chrono::seconds(config_.jwks_refresh_s), [this](auth::KeySet keys) {
          authorizer_->SetKeys(keys);
          auto shared = std::make_shared<const auth::KeySet>(std::move(keys));
          std::lock_guard lock(keys_mu_);
          trusted_keys_ = shared;
          for (const auto& apply : key_listeners_) apply(*shared);
        });
    if (absl::Status s = keys_->Start(); !s.ok()) {
      // A bad file is a configuration error; an issuer that is down may come back.
      if (!remote) return absl::InvalidArgumentError("ATLAS_AUTH_JWKS_FILE: " + s.ToString());
      log::Warn("external issuer's keys not loaded yet; retrying",
                {{"url", config_.jwks_url}, {"error", s.ToString()}});
    }
  }
  auto metrics = rpc::MetricsEndpoint::Start(config_.listen_host, config_.metrics_port);
  if (!metrics.ok()) return metrics.status();
  metrics_ = *std::move(metrics);

  if (absl::Status s = OpenDatabase(migrations, config_.pg_pool_size, &metrics_->registry());
      !s.ok()) {
    return s;
  }

  auto js =
      core::RetryWhileUnavailable<std::unique_ptr<bus::JetStream>>("NATS", startup_timeout_s_, [&] {
        return bus::JetStream::Connect(
            config_.nats_url, "atlas-" + config_.service,
            [this](bool up) {
              if (server_) server_->SetServing(up);
            },
            &metrics_->registry(), config_.nats_tls);
      });
  if (!js.ok()) return js.status();
  js_ = *std::move(js);
  // A JetStream cluster still electing its leaders leaves the stream API
  // unanswered (a timeout: UNAVAILABLE) for a few seconds: wait, as for the
  // connection, rather than exit and be restarted.
  return core::RetryWhileUnavailable<bool>(
             "the JetStream stream API", startup_timeout_s_,
             [&]() -> absl::StatusOr<bool> {
               absl::Status s = js_->EnsureStream(bus::StreamOptionsFrom(config_.stream));
               if (!s.ok()) return s;
               return true;
             })
      .status();
}

void Runtime::OnTrustedKeys(std::function<void(const auth::KeySet&)> apply) {
  std::lock_guard lock(keys_mu_);
  if (trusted_keys_) apply(*trusted_keys_);
  key_listeners_.push_back(std::move(apply));
}

absl::Status Runtime::OpenDatabase(const std::vector<db::Migration>& migrations, int size,
                                   prometheus::Registry* metrics) {
  auto pool =
      core::RetryWhileUnavailable<std::unique_ptr<db::Pool>>("PostgreSQL", startup_timeout_s_, [&] {
        return db::Pool::Open({.url = config_.pg_url, .schema = config_.service, .size = size},
                              metrics);
      });
  if (!pool.ok()) return pool.status();
  pool_ = *std::move(pool);
  if (absl::Status s = db::Migrate(*pool_, bus::Migrations()); !s.ok()) return s;
  return db::Migrate(*pool_, migrations);
}

int Runtime::MigrateOnly(const std::vector<db::Migration>& migrations) {
  absl::Status s = OpenDatabase(migrations, 1, nullptr);
  if (!s.ok()) {
    log::Error("migration failed", {{"error", s.ToString()}});
    return 1;
  }
  log::Info("schema up to date", {{"schema", config_.service}});
  return 0;
}

bus::Relay& Runtime::StartRelay() {
  if (!relay_) {
    relay_ = std::make_unique<bus::Relay>(
        *pool_, *js_, bus::RelayOptions{.stream = config_.stream.name}, &metrics_->registry());
    relay_->Start();
  }
  return *relay_;
}

void Runtime::AddConsumer(bus::ConsumerOptions options, bus::Consumer::Handler handler) {
  options.stream = config_.stream.name;
  // A processed row can go once the stream no longer holds its message.
  options.processed_retention = bus::ProcessedRetention(config_.stream);
  consumers_.push_back(std::make_unique<bus::Consumer>(*pool_, *js_, std::move(options),
                                                       std::move(handler), &metrics_->registry()));
}

absl::Status Runtime::Serve() {
  for (auto& c : consumers_) {
    if (absl::Status s = c->Start(); !s.ok()) return s;
  }
  StartRelay();
  auto server = rpc::Server::Start(absl::StrCat(config_.listen_host, ":", config_.grpc_port),
                                   services_, &metrics_->registry(), config_.tls);
  if (!server.ok()) return server.status();
  server_ = *std::move(server);
  server_->SetServing(js_->connected());
  return absl::OkStatus();
}

void Runtime::Shutdown() {
  for (auto it = on_shutdown_.rbegin(); it != on_shutdown_.rend(); ++it) (*it)();
  on_shutdown_.clear();
  if (keys_) keys_->Stop();
  // The metrics listener takes ~2 s to stop: do it alongside the rest.
  std::thread metrics_stop([this] {
    if (metrics_) metrics_->Stop();
  });
  if (server_) server_->Shutdown(std::chrono::milliseconds(config_.shutdown_grace_ms));
  for (auto& c : consumers_) c->Stop();
  if (relay_) relay_->Stop();
  metrics_stop.join();
}

int Runtime::DeadLetters(const std::vector<db::Migration>& migrations,
                         const std::vector<std::string>& args) {
  if (absl::Status s = OpenDatabase(migrations, 1, nullptr); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::unique_ptr<bus::JetStream> js;
  if (!args.empty() && args[0] == "replay") {
    auto connected = bus::JetStream::Connect(config_.nats_url, "atlas-" + config_.service + "-cli",
                                             nullptr, nullptr, config_.nats_tls);
    if (!connected.ok()) {
      std::fprintf(stderr, "%s\n", connected.status().ToString().c_str());
      return 1;
    }
    js = *std::move(connected);
  }
  return bus::DeadLettersCommand(*pool_, js.get(), args);
}

int Main(int argc, char** argv, const core::Process& process,
         const std::vector<db::Migration>& migrations,
         const std::function<absl::Status(Runtime&)>& wire, const MainOptions& options) {
  const std::string service(process.name);
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  if (!args.empty() && args[0] != "dead-letters") {
    std::fprintf(
        stderr,
        "usage: atlas-%s                  serve (configured by ATLAS_* variables)\n"
        "       atlas-%s dead-letters ...  list [limit] | replay <id>|all | discard <id>\n",
        service.c_str(), service.c_str());
    return 2;
  }
  // absl::Mutex — gRPC's locks — records the order locks are taken in and
  // checks it for cycles on every Lock when abseil is built without NDEBUG,
  // as Debian's is: ~3 % of a busy process's CPU, for a debugging aid.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  rpc::BlockTerminationSignals();
  std::unique_ptr<Runtime> rt(new Runtime());
  core::EnvReader env;
  core::ReadServiceConfig(env, service, process.grpc_port, process.metrics_port, &rt->config_);
  env.Int("ATLAS_STARTUP_TIMEOUT_S", 30, 0, 3600, &rt->startup_timeout_s_);
  bool migrate_only = false;
  env.Bool("ATLAS_MIGRATE_ONLY", false, &migrate_only);
  if (options.read_config) options.read_config(env, rt->config_);
  rt->signs_own_tokens_ = options.signs_own_tokens;
  if (absl::Status s = env.Finish(); !s.ok()) {
    std::fprintf(stderr, "atlas-%s: %s\n", service.c_str(), std::string(s.message()).c_str());
    return 2;
  }
  log::Init(service, rt->config_.log_level);
  if (!args.empty()) {
    return rt->DeadLetters(migrations, std::vector<std::string>(args.begin() + 1, args.end()));
  }
  fault::Arm(rt->config_.fault);
  if (migrate_only) return rt->MigrateOnly(migrations);
  absl::Status s = rt->Open(migrations);
  if (s.ok()) s = wire(*rt);
  if (s.ok()) s = rt->Serve();
  if (!s.ok()) {
    log::Error("start-up failed", {{"error", s.ToString()}});
    rt->Shutdown();
    return 1;
  }
  log::Info("serving",
            {{"grpc", absl::StrCat(rt->config_.listen_host, ":", rt->config_.grpc_port)},
             {"metrics", absl::StrCat(rt->config_.listen_host, ":", rt->config_.metrics_port)}});
  int sig = rpc::WaitForTerminationSignal();
  log::Info("shutting down", {{"signal", std::to_string(sig)}});
  rt->Shutdown();
  log::Info("stopped");
  return 0;
}

}  // namespace atlas::runtime
