// atlas-gateway: wiring only. See docs/gateway.md.
//
// Two rooms in one process: identity (gateway/identity: accounts, tokens,
// the audit log, the atlas.identity.v1 gRPC API) and the REST edge
// (gateway/api, http, routing: REST -> gRPC, the web app, the public event
// stream). The shared runtime (libs/runtime) gives both their database,
// NATS, metrics, gRPC server and shutdown order.
#include <grpcpp/security/credentials.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <sys/resource.h>

#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "atlas/auth/keys.h"
#include "atlas/bus/jetstream.h"
#include "atlas/core/log.h"
#include "atlas/core/periodic.h"
#include "atlas/core/processes.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/server.h"
#include "atlas/runtime/runtime.h"
#include "gateway/api/gateway.h"
#include "gateway/api/json_writer.h"
#include "gateway/edge/config.h"
#include "gateway/edge/public_events.h"
#include "gateway/edge/search_generation.h"
#include "gateway/http/event_hub.h"
#include "gateway/http/response_cache.h"
#include "gateway/http/server.h"
#include "gateway/http/static_files.h"
#include "gateway/identity/accounts.h"
#include "gateway/identity/identity_service.h"
#include "gateway/identity/key_files.h"
#include "gateway/identity/token_service.h"

const std::vector<atlas::db::Migration>& GatewayMigrations();

namespace {
using namespace atlas;

// `atlas-gateway jwks` prints the JWKS (public keys) of ATLAS_JWT_KEY_FILE and
// ATLAS_JWT_VERIFY_KEYS, for the services' ATLAS_AUTH_JWKS_FILE. Exit 2 on a
// missing or malformed key.
int PrintJwks() {
  // A one-shot subcommand: no other thread exists yet.
  const char* file = std::getenv("ATLAS_JWT_KEY_FILE");  // NOLINT(concurrency-mt-unsafe)
  const char* kid = std::getenv("ATLAS_JWT_KEY_ID");     // NOLINT(concurrency-mt-unsafe)
  auto key = gateway::identity::LoadSeedFile(kid ? kid : "k1", file ? file : "");
  if (!key.ok()) {
    std::fprintf(stderr, "atlas-gateway jwks: ATLAS_JWT_KEY_FILE: %s\n",
                 std::string(key.status().message()).c_str());
    return 2;
  }
  const char* verify_spec = std::getenv("ATLAS_JWT_VERIFY_KEYS");  // NOLINT(concurrency-mt-unsafe)
  auto retired = gateway::identity::LoadVerifyKeys(verify_spec ? verify_spec : "");
  if (!retired.ok()) {
    std::fprintf(stderr, "atlas-gateway jwks: %s\n",
                 std::string(retired.status().message()).c_str());
    return 2;
  }
  auth::KeySet set;
  (void)set.Add(key->kid(), key->public_key());
  for (const auto& k : *retired) (void)set.Add(k.kid(), k.public_key());
  std::printf("%s\n", set.ToJwks().c_str());
  return 0;
}

// Everything wire() builds, destroyed in reverse order after the runtime's
// shutdown (the HTTP server before the gateway it calls, and so on).
struct Process {
  // Identity.
  std::unique_ptr<gateway::identity::TokenService> tokens;
  std::unique_ptr<gateway::identity::Accounts> accounts;
  std::unique_ptr<gateway::identity::IdentityServiceImpl> identity_api;
  std::unique_ptr<core::Periodic> audit_expiry;
  // The REST edge.
  std::shared_ptr<gateway::http::ResponseCache> cache;  // outlives what uses it
  std::shared_ptr<gateway::SearchGeneration> search_generation =
      std::make_shared<gateway::SearchGeneration>();
  std::unique_ptr<gateway::Gateway> gateway;
  std::unique_ptr<gateway::http::EventHub> events;
  std::unique_ptr<gateway::http::EventHub> people;
  std::unique_ptr<gateway::PublicEvents> public_events;
  std::unique_ptr<gateway::http::Server> http;
};

absl::Status WireIdentity(runtime::Runtime& rt, const gateway::GatewayConfig& cfg, Process& p) {
  const core::ServiceConfig& common = rt.config();
  absl::StatusOr<auth::SigningKey> key = auth::SigningKey::Generate(cfg.jwt_key_id);
  if (!cfg.jwt_key_file.empty()) {
    key = gateway::identity::LoadSeedFile(cfg.jwt_key_id, cfg.jwt_key_file);
  } else {
    log::Warn(
        "ATLAS_JWT_KEY_FILE not set: signing with a key made at start-up; tokens will not "
        "survive a restart and replicas will not accept each other's tokens");
  }
  if (!key.ok()) return absl::InvalidArgumentError("signing key: " + key.status().ToString());
  auto retired = gateway::identity::LoadVerifyKeys(cfg.verify_keys);
  if (!retired.ok()) return retired.status();
  p.tokens = std::make_unique<gateway::identity::TokenService>(
      rt.pool(), *std::move(key), *std::move(retired),
      gateway::identity::TokenConfig{.issuer = common.jwt_issuer,
                                     .audience = common.jwt_audience,
                                     .access_ttl_s = cfg.access_token_ttl_s,
                                     .reuse_grace_s = cfg.refresh_grace_s});
  if (!cfg.admin_password.empty()) {
    if (absl::Status s = p.tokens->BootstrapAdmin(cfg.admin_user, cfg.admin_password); !s.ok()) {
      return absl::Status(s.code(), "bootstrap admin: " + std::string(s.message()));
    }
  }
  // The identity API checks callers like every service: with the built-in
  // issuer's keys, or an external issuer's (ATLAS_AUTH_JWKS_URL, refreshed by
  // the runtime), which then also verify the sessions of /v1/me.
  p.tokens->set_external(!common.jwks_url.empty());
  if (p.tokens->external()) {
    gateway::identity::TokenService* tokens = p.tokens.get();
    rt.OnTrustedKeys([tokens](const auth::KeySet& keys) { tokens->SetExternalKeys(keys); });
    log::Info("external token issuer", {{"issuer", common.jwt_issuer}, {"jwks", common.jwks_url}});
  } else {
    rt.authorizer().SetKeys(p.tokens->keys());
  }
  // Audit events go out through the outbox (the runtime's relay); every
  // process's come back in here.
  rt.StartRelay();
  rt.AddConsumer({.durable = "gateway-audit", .filter_subject = "atlas.audit.>"},
                 [](pqxx::work& tx, const bus::Event& e) {
                   return gateway::identity::StoreAuditEvent(tx, e);
                 });
  // Retention of the audit log (docs/security.md); the first run at once.
  db::Pool* pool = &rt.pool();
  auto expire = [pool, rejected = cfg.audit_rejected_days, all = cfg.audit_days] {
    auto n = gateway::identity::ExpireAuditEntries(*pool, rejected, all);
    if (!n.ok()) {
      log::Warn("audit expiry failed; will retry", {{"error", n.status().ToString()}});
      return false;
    }
    if (*n > 0) log::Info("audit entries expired", {{"rows", std::to_string(*n)}});
    return true;
  };
  expire();
  p.audit_expiry = std::make_unique<core::Periodic>(std::chrono::seconds(cfg.audit_expiry_s),
                                                    std::chrono::seconds(60), expire);
  p.audit_expiry->Start();
  rt.OnShutdown([audit = p.audit_expiry.get()] { audit->Stop(); });
  p.accounts = std::make_unique<gateway::identity::Accounts>(rt.pool());
  p.identity_api = std::make_unique<gateway::identity::IdentityServiceImpl>(*p.accounts, *p.tokens,
                                                                            rt.authorizer());
  rt.AddService(p.identity_api.get());
  return absl::OkStatus();
}

absl::Status WireEdge(runtime::Runtime& rt, const gateway::GatewayConfig& cfg, Process& p) {
  const core::ServiceConfig& common = rt.config();
  // Each idle keep-alive or SSE client holds one descriptor: use all we may.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  std::shared_ptr<grpc::ChannelCredentials> backend_credentials;
  if (!cfg.backend_ca.empty()) {
    auto creds = rpc::TlsChannelCredentials(cfg.backend_ca, cfg.backend_cert, cfg.backend_key);
    if (!creds.ok()) return creds.status();
    backend_credentials = *creds;
  }
  std::shared_ptr<const gateway::http::StaticFiles> web;
  if (!cfg.web_root.empty()) {
    auto app = gateway::http::StaticFiles::Load(cfg.web_root);
    if (!app.ok()) return app.status();
    log::Info("serving the web app",
              {{"root", cfg.web_root}, {"files", std::to_string((*app)->size())}});
    web = *std::move(app);
  }
  if (cfg.cache_mb > 0) {
    p.cache = std::make_shared<gateway::http::ResponseCache>(
        static_cast<size_t>(cfg.cache_mb) << 20, std::chrono::seconds(cfg.cache_max_age_s));
  }
  auto gateway = gateway::Gateway::Create(
      {.backends = cfg.backends,
       .backend_timeout = std::chrono::milliseconds(cfg.backend_timeout_ms),
       .body_limit = static_cast<uint64_t>(cfg.body_limit),
       .upload_limit = static_cast<uint64_t>(cfg.upload_limit),
       .cors_origins = cfg.cors_origins,
       .identity = p.tokens.get(),
       .ip_limit = {.rate = static_cast<double>(cfg.ip_rps),
                    .burst = static_cast<double>(cfg.ip_burst)},
       .token_limit = {.rate = static_cast<double>(cfg.token_rps),
                       .burst = static_cast<double>(cfg.token_burst)},
       .backend_credentials = backend_credentials,
       .web = web,
       .signin_threads = cfg.signin_threads,
       .signin_queue = cfg.signin_queue,
       .cache = p.cache,
       .json_memo = cfg.json_memo_mb > 0 ? std::make_shared<gateway::JsonMemo>(
                                               static_cast<size_t>(cfg.json_memo_mb) << 20)
                                         : nullptr,
       .search_generation = p.search_generation},
      &rt.metrics());
  if (!gateway.ok()) return gateway.status();
  p.gateway = *std::move(gateway);
  // Server-sent events for open atlas pages (GET /v1/events).
  p.events = std::make_unique<gateway::http::EventHub>(512, static_cast<size_t>(cfg.max_streams));
  // And each person's notifications (GET /v1/notifications:stream).
  p.people = std::make_unique<gateway::http::EventHub>(2048, static_cast<size_t>(cfg.max_streams));
  auto public_events = gateway::PublicEvents::Subscribe(
      rt.jetstream().connection(), *p.events, *p.people, p.cache.get(), p.search_generation.get());
  if (!public_events.ok()) return public_events.status();
  p.public_events = *std::move(public_events);

  gateway::http::ServerOptions http;
  http.events = p.events.get();
  http.host = common.listen_host;
  http.port = cfg.http_port;
  http.threads = cfg.threads;
  http.body_limit = static_cast<uint64_t>(cfg.body_limit);
  http.upload_body_limit = static_cast<uint64_t>(cfg.upload_limit);
  http.idle_timeout = std::chrono::seconds(cfg.idle_timeout_s);
  http.open_connections = &prometheus::BuildGauge()
                               .Name("atlas_http_connections_open")
                               .Help("HTTP connections currently open at the gateway")
                               .Register(rt.metrics())
                               .Add({});
  http.trusted_proxies = *gateway::http::TrustedProxies::Parse(cfg.trusted_proxies);  // checked
  http.connections = {.per_address = cfg.max_conns_per_ip, .total = cfg.max_conns};
  http.streams = {.per_address = cfg.max_streams_per_ip, .total = cfg.max_streams};
  http.uploads = {.per_address = cfg.max_uploads_per_ip, .total = cfg.max_uploads};
  http.stream_lifetime = std::chrono::seconds(cfg.stream_lifetime_s);
  http.refused = &prometheus::BuildCounter()
                      .Name("atlas_http_refused_total")
                      .Help(
                          "Connections, event streams and uploads refused by the gateway's "
                          "per-client and total caps, by reason")
                      .Register(rt.metrics());
  gateway::Gateway* g = p.gateway.get();
  http.user_events = p.people.get();
  http.admit_stream = [g](const gateway::http::Request& req, std::vector<std::string>* keys,
                          gateway::http::Response* refusal) {
    return g->AdmitStream(req, keys, refusal);
  };
  auto server = gateway::http::Server::Start(
      http,
      [g](gateway::http::Request&& req, const std::string& peer, gateway::http::Reply reply) {
        g->Handle(std::move(req), peer, std::move(reply));
      },
      [g](unsigned status, const gateway::http::Request* req) {
        return g->ProtocolError(status, req);
      });
  if (!server.ok()) return server.status();
  p.http = *std::move(server);
  log::Info("serving HTTP", {{"http", absl::StrCat(common.listen_host, ":", p.http->port())},
                             {"routes", std::to_string(g->routes().routes().size())}});
  // Shutdown begins here: /readyz answers 503 so the pod leaves the Service,
  // requests in flight get their answers (up to the grace period), then the
  // listener closes and the event subscriptions end.
  rt.OnShutdown([&p, grace = common.shutdown_grace_ms] {
    p.gateway->SetDraining();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace);
    while (p.gateway->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    p.http->Stop();
    p.public_events.reset();
  });
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "jwks") return PrintJwks();
  gateway::GatewayConfig cfg;
  auto process = std::make_shared<Process>();
  return runtime::Main(argc, argv, core::kGateway, GatewayMigrations(),
                       [&](runtime::Runtime& rt) -> absl::Status {
                         rt.Keep(process);
                         if (absl::Status s = WireIdentity(rt, cfg, *process); !s.ok()) return s;
                         return WireEdge(rt, cfg, *process);
                       },
                       {.read_config =
                            [&cfg](core::EnvReader& env, const core::ServiceConfig& common) {
                              gateway::ReadGatewayConfig(env, common.listen_host, common.grpc_port,
                                                         &cfg);
                            },
                        .signs_own_tokens = true});
}
