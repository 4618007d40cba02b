// atlas-gateway: wiring only. See docs/gateway.md.
#include <grpcpp/security/credentials.h>
#include <nats/nats.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "atlas/audit/audit.h"
#include "atlas/auth/jwks_source.h"
#include "atlas/auth/keys.h"
#include "atlas/bus/consumer.h"
#include "atlas/bus/dead_letters.h"
#include "atlas/bus/jetstream.h"
#include "atlas/bus/outbox.h"
#include "atlas/bus/relay.h"
#include "atlas/core/config.h"
#include "atlas/core/json.h"
#include "atlas/core/log.h"
#include "atlas/core/periodic.h"
#include "atlas/core/processes.h"
#include "atlas/core/retry.h"
#include "atlas/db/migrate.h"
#include "atlas/db/pool.h"
#include "atlas/geo/events/v1/map_events.pb.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/metrics.h"
#include "atlas/rpc/server.h"
#include "gateway/api/gateway.h"
#include "gateway/http/event_hub.h"
#include "gateway/http/server.h"
#include "gateway/http/static_files.h"
#include "gateway/identity/accounts.h"
#include "gateway/identity/identity_service.h"
#include "gateway/identity/token_service.h"

const std::vector<atlas::db::Migration>& GatewayMigrations();

namespace {

// A registry event that changes what the public sees -> one SSE frame.
void OnRegistryChange(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* hub = static_cast<atlas::gateway::http::EventHub*>(closure);
  const std::string subject = natsMsg_GetSubject(msg);
  const std::string verb = subject.substr(subject.rfind('.') + 1);
  const char* name = nullptr;
  if ((verb == "published" || verb == "archived" || verb == "good_practice") &&
      natsMsgHeader_Get(msg, "ce-subject", &name) == NATS_OK && name != nullptr &&
      std::string_view(name).starts_with("projects/")) {
    hub->Publish("project",
                 atlas::core::DumpJson(nlohmann::json{{"project", name}, {"change", verb}}));
  }
  natsMsg_Destroy(msg);
}

// geo serves a new generation of the map -> one SSE frame: pages fetch their
// tiles and areas again now, not after a guessed delay.
void OnMapUpdated(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* hub = static_cast<atlas::gateway::http::EventHub*>(closure);
  atlas::geo::events::v1::MapUpdated e;
  if (e.ParseFromArray(natsMsg_GetData(msg), natsMsg_GetDataLength(msg))) {
    hub->Publish("map", atlas::core::DumpJson(nlohmann::json{{"generation", e.generation()}}));
  }
  natsMsg_Destroy(msg);
}

// Every setting, its variable and its default.
struct Config {
  std::string listen_host;                      // ATLAS_LISTEN_HOST, default 127.0.0.1
  int http_port = 0;                            // ATLAS_GATEWAY_HTTP_PORT (processes.json)
  int metrics_port = 0;                         // ATLAS_GATEWAY_METRICS_PORT (processes.json)
  int threads = 2;                              // ATLAS_GATEWAY_THREADS (1..64)
  int64_t body_limit = 0;                       // ATLAS_HTTP_BODY_LIMIT bytes, default 1 MiB
  int backend_timeout_ms = 10000;               // ATLAS_BACKEND_TIMEOUT_MS
  int idle_timeout_s = 60;                      // ATLAS_HTTP_IDLE_TIMEOUT_S
  int shutdown_grace_ms = 5000;                 // ATLAS_SHUTDOWN_GRACE_MS
  std::string log_level;                        // ATLAS_LOG_LEVEL
  std::map<std::string, std::string> backends;  // ATLAS_<SVC>_ADDR, default 127.0.0.1:5005N
  std::string pg_url;                           // ATLAS_PG_URL (schema "gateway": accounts)
  int pg_pool_size = 4;                         // ATLAS_PG_POOL_SIZE
  int startup_timeout_s = 30;                   // ATLAS_STARTUP_TIMEOUT_S
  std::string jwt_key_file;      // ATLAS_JWT_KEY_FILE: base64url 32-byte Ed25519 seed; none =
                                 // a fresh key per start (tokens die with the process)
  std::string jwt_key_id;        // ATLAS_JWT_KEY_ID, default k1
  std::string jwt_issuer;        // ATLAS_JWT_ISSUER, default atlas
  std::string jwt_audience;      // ATLAS_JWT_AUDIENCE, default atlas
  int access_token_ttl_s = 900;  // ATLAS_ACCESS_TOKEN_TTL_S (60..86400)
  std::string admin_user;        // ATLAS_BOOTSTRAP_ADMIN_USER, default admin
  std::string admin_password;    // ATLAS_BOOTSTRAP_ADMIN_PASSWORD(_FILE): first admin, if none
  std::set<std::string> cors_origins;  // ATLAS_CORS_ORIGINS: comma-separated exact origins
  std::string web_root;  // ATLAS_WEB_ROOT: the built web app (web/dist); "" = API only
  int grpc_port = 0;     // ATLAS_GATEWAY_GRPC_PORT (processes.json): atlas.identity.v1 for atlasctl
  std::string nats_url;  // ATLAS_NATS_URL (audit events)
  atlas::core::StreamConfig stream;     // ATLAS_NATS_STREAM*
  atlas::core::NatsTlsConfig nats_tls;  // ATLAS_NATS_TLS_*
  std::string verify_keys;  // ATLAS_JWT_VERIFY_KEYS: "kid=seed-file,…": keys that verify but never
                            // sign (the next key before a switch, the previous one after)
  std::string jwks_url;        // ATLAS_AUTH_JWKS_URL: external OIDC issuer (built-in issuer off)
  std::string jwks_ca;         // ATLAS_AUTH_JWKS_CA_FILE
  int jwks_refresh_s = 300;    // ATLAS_AUTH_JWKS_REFRESH_S
  atlas::core::TlsConfig tls;  // ATLAS_TLS_*: the gateway's own gRPC port
  std::string backend_ca;      // ATLAS_BACKEND_TLS_CA_FILE: set = call the services over TLS
  std::string backend_cert;    // ATLAS_BACKEND_TLS_CERT_FILE: client certificate (mTLS)
  std::string backend_key;     // ATLAS_BACKEND_TLS_KEY_FILE
  int ip_rps = 100, ip_burst = 200;  // ATLAS_RATE_LIMIT_IP_RPS / _BURST (0 = off)
  std::string trusted_proxies;       // ATLAS_TRUSTED_PROXIES: addresses/CIDRs whose X-Forwarded-For
                                     // and Forwarded are believed (the ingress); default none
  int max_conns_per_ip = 256, max_conns = 20000;     // ATLAS_HTTP_MAX_CONNECTIONS(_PER_IP)
  int max_streams_per_ip = 16, max_streams = 10000;  // ATLAS_SSE_MAX_STREAMS(_PER_IP)
  int max_uploads_per_ip = 4, max_uploads = 64;      // ATLAS_HTTP_MAX_UPLOADS(_PER_IP)
  int stream_lifetime_s = 1800;                      // ATLAS_SSE_STREAM_LIFETIME_S
  int signin_threads = 2;                            // ATLAS_SIGNIN_THREADS
  int signin_queue = 16;                             // ATLAS_SIGNIN_QUEUE
  int audit_rejected_days = 90;  // ATLAS_AUDIT_REJECTED_RETENTION_DAYS: token.rejected entries
  int audit_days = 0;            // ATLAS_AUDIT_RETENTION_DAYS: every entry (0 = kept for ever)
  int audit_expiry_s = 3600;     // ATLAS_AUDIT_EXPIRY_INTERVAL_S: how often expiry runs
  int refresh_grace_s = 10;      // ATLAS_REFRESH_REUSE_GRACE_S: a used refresh token presented
                                 // again this soon from the same address is a second tab
  int token_rps = 50, token_burst = 100;  // ATLAS_RATE_LIMIT_TOKEN_RPS / _BURST (0 = off)
};

// Connects to the gateway's schema (accounts, audit, outbox), retrying until
// ATLAS_STARTUP_TIMEOUT_S, and applies its migrations and the outbox's.
absl::StatusOr<std::unique_ptr<atlas::db::Pool>> OpenAccounts(const Config& cfg, int size,
                                                              prometheus::Registry* metrics) {
  using namespace atlas;
  auto pool = core::RetryWhileUnavailable<std::unique_ptr<db::Pool>>(
      "PostgreSQL", cfg.startup_timeout_s, [&] {
        return db::Pool::Open({.url = cfg.pg_url, .schema = "gateway", .size = size}, metrics);
      });
  if (!pool.ok()) return pool.status();
  if (absl::Status s = db::Migrate(**pool, GatewayMigrations()); !s.ok()) return s;
  if (absl::Status s = db::Migrate(**pool, bus::Migrations()); !s.ok()) return s;
  return pool;
}

// An Ed25519 signing key from a file holding its base64url 32-byte seed.
absl::StatusOr<atlas::auth::SigningKey> LoadSeedFile(const std::string& kid,
                                                     const std::string& path) {
  auto seed = atlas::core::ReadSecretFile(path);
  auto raw = seed.ok() ? atlas::auth::Base64UrlDecode(*seed) : seed.status();
  return raw.ok() ? atlas::auth::SigningKey::FromSeed(kid, *raw) : raw.status();
}

// The extra verification keys of ATLAS_JWT_VERIFY_KEYS ("kid=file,kid=file").
absl::StatusOr<std::vector<atlas::auth::SigningKey>> LoadVerifyKeys(const std::string& spec) {
  std::vector<atlas::auth::SigningKey> keys;
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    const auto eq = item.find('=');
    if (eq == absl::string_view::npos) {
      return absl::InvalidArgumentError("ATLAS_JWT_VERIFY_KEYS: expected kid=file, got " +
                                        std::string(item));
    }
    const std::string kid(absl::StripAsciiWhitespace(item.substr(0, eq)));
    auto key = LoadSeedFile(kid, std::string(absl::StripAsciiWhitespace(item.substr(eq + 1))));
    if (!key.ok()) {
      return absl::InvalidArgumentError("ATLAS_JWT_VERIFY_KEYS: " + kid + ": " +
                                        std::string(key.status().message()));
    }
    keys.push_back(*std::move(key));
  }
  return keys;
}

}  // namespace

// `atlas-gateway jwks` prints the JWKS (public keys) of ATLAS_JWT_KEY_FILE and
// ATLAS_JWT_VERIFY_KEYS, for the services' ATLAS_AUTH_JWKS_FILE. Exit 2 on a missing or malformed
// key.
int PrintJwks() {
  using namespace atlas;
  // A one-shot subcommand: no other thread exists yet.
  const char* file = std::getenv("ATLAS_JWT_KEY_FILE");  // NOLINT(concurrency-mt-unsafe)
  const char* kid = std::getenv("ATLAS_JWT_KEY_ID");     // NOLINT(concurrency-mt-unsafe)
  auto key = LoadSeedFile(kid ? kid : "k1", file ? file : "");
  if (!key.ok()) {
    std::fprintf(stderr, "atlas-gateway jwks: ATLAS_JWT_KEY_FILE: %s\n",
                 std::string(key.status().message()).c_str());
    return 2;
  }
  const char* verify_spec = std::getenv("ATLAS_JWT_VERIFY_KEYS");  // NOLINT(concurrency-mt-unsafe)
  auto retired = LoadVerifyKeys(verify_spec ? verify_spec : "");
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

int main(int argc, char** argv) {
  using namespace atlas;
  if (argc > 1 && std::string_view(argv[1]) == "jwks") return PrintJwks();
  rpc::BlockTerminationSignals();
  Config cfg;
  core::EnvReader env;
  env.String("ATLAS_LISTEN_HOST", "127.0.0.1", &cfg.listen_host, true);
  env.Port("ATLAS_GATEWAY_HTTP_PORT", core::kGateway.http_port, &cfg.http_port);
  env.Port("ATLAS_GATEWAY_METRICS_PORT", core::kGateway.metrics_port, &cfg.metrics_port);
  env.Int("ATLAS_GATEWAY_THREADS", 2, 1, 64, &cfg.threads);
  env.Int("ATLAS_HTTP_BODY_LIMIT", int64_t{1024} * 1024, int64_t{1024}, int64_t{64} * 1024 * 1024,
          &cfg.body_limit);
  env.Int("ATLAS_BACKEND_TIMEOUT_MS", 10000, 100, 600000, &cfg.backend_timeout_ms);
  env.Int("ATLAS_HTTP_IDLE_TIMEOUT_S", 60, 1, 3600, &cfg.idle_timeout_s);
  env.Int("ATLAS_SHUTDOWN_GRACE_MS", 5000, 0, 600000, &cfg.shutdown_grace_ms);
  env.Enum("ATLAS_LOG_LEVEL", "info", {"debug", "info", "warn", "error"}, &cfg.log_level);
  // The backends: every other process of processes.json.
  for (const core::Process* p : core::kProcesses) {
    if (p == &core::kGateway) continue;
    const std::string name(p->name);
    std::string var = "ATLAS_" + name + "_ADDR";
    for (auto& c : var) c = static_cast<char>(std::toupper(c));
    env.String(var.c_str(), absl::StrCat("127.0.0.1:", p->grpc_port), &cfg.backends[name], true);
  }
  env.String("ATLAS_PG_URL", "postgresql://postgres@127.0.0.1:55432/atlas", &cfg.pg_url, true);
  env.Int("ATLAS_PG_POOL_SIZE", 4, 1, 64, &cfg.pg_pool_size);
  env.Int("ATLAS_STARTUP_TIMEOUT_S", 30, 0, 3600, &cfg.startup_timeout_s);
  env.String("ATLAS_JWT_KEY_FILE", "", &cfg.jwt_key_file);
  env.String("ATLAS_JWT_KEY_ID", "k1", &cfg.jwt_key_id, true);
  env.String("ATLAS_JWT_ISSUER", "atlas", &cfg.jwt_issuer, true);
  env.String("ATLAS_JWT_AUDIENCE", "atlas", &cfg.jwt_audience, true);
  env.Int("ATLAS_ACCESS_TOKEN_TTL_S", 900, 60, 86400, &cfg.access_token_ttl_s);
  env.String("ATLAS_BOOTSTRAP_ADMIN_USER", "admin", &cfg.admin_user, true);
  std::string cors;
  env.String("ATLAS_CORS_ORIGINS", "", &cors);
  env.String("ATLAS_WEB_ROOT", "", &cfg.web_root);
  for (absl::string_view o : absl::StrSplit(cors, ',', absl::SkipWhitespace())) {
    cfg.cors_origins.insert(std::string(absl::StripAsciiWhitespace(o)));
  }
  env.String("ATLAS_BOOTSTRAP_ADMIN_PASSWORD", "", &cfg.admin_password);
  std::string admin_password_file;
  env.String("ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE", "", &admin_password_file);
  env.Port("ATLAS_GATEWAY_GRPC_PORT", core::kGateway.grpc_port, &cfg.grpc_port);
  env.String("ATLAS_NATS_URL", "nats://127.0.0.1:4222", &cfg.nats_url, true);
  ReadStreamConfig(env, &cfg.stream);
  ReadNatsTlsConfig(env, &cfg.nats_tls);
  env.String("ATLAS_JWT_VERIFY_KEYS", "", &cfg.verify_keys);
  core::ReadTlsConfig(env, &cfg.tls);
  env.String("ATLAS_AUTH_JWKS_URL", "", &cfg.jwks_url);
  env.String("ATLAS_AUTH_JWKS_CA_FILE", "", &cfg.jwks_ca);
  env.Int("ATLAS_AUTH_JWKS_REFRESH_S", 300, 1, 86400, &cfg.jwks_refresh_s);
  bool migrate_only = false;  // ATLAS_MIGRATE_ONLY: apply migrations and exit (init container)
  env.Bool("ATLAS_MIGRATE_ONLY", false, &migrate_only);
  env.Int("ATLAS_RATE_LIMIT_IP_RPS", 100, 0, 1000000, &cfg.ip_rps);
  env.Int("ATLAS_RATE_LIMIT_IP_BURST", 200, 1, 1000000, &cfg.ip_burst);
  env.Int("ATLAS_RATE_LIMIT_TOKEN_RPS", 50, 0, 1000000, &cfg.token_rps);
  env.Int("ATLAS_RATE_LIMIT_TOKEN_BURST", 100, 1, 1000000, &cfg.token_burst);
  env.String("ATLAS_TRUSTED_PROXIES", "", &cfg.trusted_proxies);
  env.Int("ATLAS_HTTP_MAX_CONNECTIONS_PER_IP", 256, 1, 1000000, &cfg.max_conns_per_ip);
  env.Int("ATLAS_HTTP_MAX_CONNECTIONS", 20000, 1, 10000000, &cfg.max_conns);
  env.Int("ATLAS_SSE_MAX_STREAMS_PER_IP", 16, 1, 100000, &cfg.max_streams_per_ip);
  env.Int("ATLAS_SSE_MAX_STREAMS", 10000, 1, 1000000, &cfg.max_streams);
  env.Int("ATLAS_HTTP_MAX_UPLOADS_PER_IP", 4, 1, 10000, &cfg.max_uploads_per_ip);
  env.Int("ATLAS_HTTP_MAX_UPLOADS", 64, 1, 100000, &cfg.max_uploads);
  env.Int("ATLAS_SSE_STREAM_LIFETIME_S", 1800, 10, 86400, &cfg.stream_lifetime_s);
  env.Int("ATLAS_SIGNIN_THREADS", 2, 1, 64, &cfg.signin_threads);
  env.Int("ATLAS_SIGNIN_QUEUE", 16, 1, 100000, &cfg.signin_queue);
  env.Int("ATLAS_AUDIT_REJECTED_RETENTION_DAYS", 90, 30, 36500, &cfg.audit_rejected_days);
  env.Int("ATLAS_AUDIT_RETENTION_DAYS", 0, 0, 36500, &cfg.audit_days);
  env.Int("ATLAS_AUDIT_EXPIRY_INTERVAL_S", 3600, 1, 86400, &cfg.audit_expiry_s);
  env.Int("ATLAS_REFRESH_REUSE_GRACE_S", 10, 0, 60, &cfg.refresh_grace_s);
  env.String("ATLAS_BACKEND_TLS_CA_FILE", "", &cfg.backend_ca);
  env.String("ATLAS_BACKEND_TLS_CERT_FILE", "", &cfg.backend_cert);
  env.String("ATLAS_BACKEND_TLS_KEY_FILE", "", &cfg.backend_key);
  // The identity API is the gateway's own gRPC port, reached like any backend.
  const std::string self_host = cfg.listen_host == "0.0.0.0" || cfg.listen_host == "::"
                                    ? std::string("127.0.0.1")
                                    : cfg.listen_host;
  env.String("ATLAS_IDENTITY_ADDR", absl::StrCat(self_host, ":", cfg.grpc_port),
             &cfg.backends["identity"], true);
  if (absl::Status s = env.Finish(); !s.ok()) {
    std::fprintf(stderr, "atlas-gateway: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (cfg.audit_days > 0 && cfg.audit_days < 30) {
    std::fprintf(stderr,
                 "atlas-gateway: ATLAS_AUDIT_RETENTION_DAYS must be 0 (keep for ever) or at least "
                 "30, got %d\n",
                 cfg.audit_days);
    return 2;
  }
  if (!cfg.jwks_url.empty()) {
    if (absl::Status s = auth::CheckJwksUrl(cfg.jwks_url); !s.ok()) {
      std::fprintf(stderr, "atlas-gateway: ATLAS_AUTH_JWKS_URL: %s\n",
                   std::string(s.message()).c_str());
      return 2;
    }
  }
  auto trusted = gateway::http::TrustedProxies::Parse(cfg.trusted_proxies);
  if (!trusted.ok()) {
    std::fprintf(stderr, "atlas-gateway: ATLAS_TRUSTED_PROXIES: %s\n",
                 std::string(trusted.status().message()).c_str());
    return 2;
  }
  log::Init("gateway", cfg.log_level);
  if (!admin_password_file.empty()) {
    auto pw = core::ReadSecretFile(admin_password_file);
    if (!pw.ok()) {
      std::fprintf(stderr, "atlas-gateway: ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE: %s\n",
                   std::string(pw.status().message()).c_str());
      return 2;
    }
    cfg.admin_password = *pw;
  }
  if (argc > 1 && std::string_view(argv[1]) == "dead-letters") {
    // The operator's command on the gateway's schema (docs/operations.md).
    auto pool = OpenAccounts(cfg, 1, nullptr);
    if (!pool.ok()) {
      std::fprintf(stderr, "%s\n", pool.status().ToString().c_str());
      return 1;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    std::unique_ptr<bus::JetStream> js;
    if (!args.empty() && args[0] == "replay") {
      auto connected = bus::JetStream::Connect(cfg.nats_url, "atlas-gateway-cli", nullptr, nullptr,
                                               cfg.nats_tls);
      if (!connected.ok()) {
        std::fprintf(stderr, "%s\n", connected.status().ToString().c_str());
        return 1;
      }
      js = *std::move(connected);
    }
    return bus::DeadLettersCommand(**pool, js.get(), args);
  }
  if (migrate_only) {
    if (auto pool = OpenAccounts(cfg, 1, nullptr); !pool.ok()) {
      log::Error("migration failed", {{"error", pool.status().ToString()}});
      return 1;
    }
    log::Info("schema up to date", {{"schema", "gateway"}});
    return 0;
  }
  // Each idle keep-alive or SSE client holds one descriptor: use all we may.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  auto metrics = rpc::MetricsEndpoint::Start(cfg.listen_host, cfg.metrics_port);
  if (!metrics.ok()) {
    log::Error("start-up failed", {{"error", metrics.status().ToString()}});
    return 1;
  }
  auto pool = OpenAccounts(cfg, cfg.pg_pool_size, &(*metrics)->registry());
  if (!pool.ok()) {
    log::Error("start-up failed", {{"error", pool.status().ToString()}});
    return 1;
  }
  absl::StatusOr<auth::SigningKey> key = auth::SigningKey::Generate(cfg.jwt_key_id);
  if (!cfg.jwt_key_file.empty()) {
    key = LoadSeedFile(cfg.jwt_key_id, cfg.jwt_key_file);
  } else {
    log::Warn(
        "ATLAS_JWT_KEY_FILE not set: signing with a key made at start-up; tokens will not "
        "survive a restart and replicas will not accept each other's tokens");
  }
  if (!key.ok()) {
    log::Error("start-up failed", {{"error", "signing key: " + key.status().ToString()}});
    return 1;
  }
  auto retired = LoadVerifyKeys(cfg.verify_keys);
  if (!retired.ok()) {
    log::Error("start-up failed", {{"error", retired.status().ToString()}});
    return 1;
  }
  // Audit events go out through the outbox; other processes' come back in.
  auto js = core::RetryWhileUnavailable<std::unique_ptr<bus::JetStream>>(
      "NATS", cfg.startup_timeout_s, [&] {
        return bus::JetStream::Connect(cfg.nats_url, "atlas-gateway", nullptr,
                                       &(*metrics)->registry(), cfg.nats_tls);
      });
  absl::Status stream =
      js.ok() ? (*js)->EnsureStream(bus::StreamOptionsFrom(cfg.stream)) : js.status();
  if (!stream.ok()) {
    log::Error("start-up failed", {{"error", stream.ToString()}});
    return 1;
  }
  bus::Relay relay(**pool, **js, bus::RelayOptions{.stream = cfg.stream.name},
                   &(*metrics)->registry());
  relay.Start();
  bus::Consumer audit_consumer(
      **pool, **js,
      {.stream = cfg.stream.name,
       .durable = "gateway-audit",
       .filter_subject = "atlas.audit.>",
       .processed_retention = bus::ProcessedRetention(cfg.stream)},
      [](pqxx::work& tx, const bus::Event& e) { return gateway::identity::StoreAuditEvent(tx, e); },
      &(*metrics)->registry());
  if (absl::Status s = audit_consumer.Start(); !s.ok()) {
    log::Error("start-up failed", {{"error", s.ToString()}});
    return 1;
  }
  // Retention of the audit log (docs/security.md); the first run at once.
  auto expire_audit = [&pool, &cfg] {
    auto n = gateway::identity::ExpireAuditEntries(**pool, cfg.audit_rejected_days, cfg.audit_days);
    if (!n.ok()) {
      log::Warn("audit expiry failed; will retry", {{"error", n.status().ToString()}});
      return false;
    }
    if (*n > 0) log::Info("audit entries expired", {{"rows", std::to_string(*n)}});
    return true;
  };
  expire_audit();
  core::Periodic audit_expiry(std::chrono::seconds(cfg.audit_expiry_s), std::chrono::seconds(60),
                              expire_audit);
  audit_expiry.Start();
  gateway::identity::TokenService tokens(**pool, *std::move(key), *std::move(retired),
                                         {.issuer = cfg.jwt_issuer,
                                          .audience = cfg.jwt_audience,
                                          .access_ttl_s = cfg.access_token_ttl_s,
                                          .reuse_grace_s = cfg.refresh_grace_s});
  if (!cfg.admin_password.empty()) {
    if (absl::Status s = tokens.BootstrapAdmin(cfg.admin_user, cfg.admin_password); !s.ok()) {
      log::Error("start-up failed", {{"error", "bootstrap admin: " + s.ToString()}});
      return 1;
    }
  }
  // The identity API checks callers like every service, with the gateway's own keys.
  gateway::identity::Accounts accounts(**pool);
  db::Pool* pool_ptr = pool->get();
  audit::DenialRecorder denials("gateway", [pool_ptr](const audit::Entry& entry) {
    return pool_ptr->Transact([&](pqxx::work& tx) {
      gateway::identity::AppendAudit(tx, entry);
      return absl::OkStatus();
    });
  });
  // External issuer: its keys (refreshed) verify tokens here as in every service.
  tokens.set_external(!cfg.jwks_url.empty());
  rpc::Authorizer authorizer(
      {.keys = tokens.external() ? std::nullopt : std::optional<auth::KeySet>(tokens.keys()),
       .issuer = cfg.jwt_issuer,
       .audience = cfg.jwt_audience,
       .trusted_certificate_names = cfg.tls.trusted_client_names,
       .on_denied = [&](const rpc::Denial& d) { denials.Record(d); }});
  // Declared after what it updates, so it stops before they go away.
  std::unique_ptr<auth::KeyRefresher> external_keys;
  if (tokens.external()) {
    external_keys = std::make_unique<auth::KeyRefresher>(
        auth::JwksSource{.location = cfg.jwks_url, .ca_file = cfg.jwks_ca},
        std::chrono::seconds(cfg.jwks_refresh_s), [&](auth::KeySet keys) {
          authorizer.SetKeys(keys);
          tokens.SetExternalKeys(std::move(keys));
        });
    if (absl::Status s = external_keys->Start(); !s.ok()) {
      log::Warn("external issuer's keys not loaded yet; retrying",
                {{"url", cfg.jwks_url}, {"error", s.ToString()}});
    }
    log::Info("external token issuer", {{"issuer", cfg.jwt_issuer}, {"jwks", cfg.jwks_url}});
  }
  gateway::identity::IdentityServiceImpl identity_api(accounts, tokens, authorizer);
  auto identity_server = rpc::Server::Start(absl::StrCat(cfg.listen_host, ":", cfg.grpc_port),
                                            {&identity_api}, &(*metrics)->registry(), cfg.tls);
  if (!identity_server.ok()) {
    log::Error("start-up failed", {{"error", identity_server.status().ToString()}});
    return 1;
  }
  (*identity_server)->SetServing(true);
  std::shared_ptr<grpc::ChannelCredentials> backend_credentials;
  if (!cfg.backend_ca.empty()) {
    auto creds = rpc::TlsChannelCredentials(cfg.backend_ca, cfg.backend_cert, cfg.backend_key);
    if (!creds.ok()) {
      log::Error("start-up failed", {{"error", creds.status().ToString()}});
      return 1;
    }
    backend_credentials = *creds;
  }
  std::shared_ptr<const gateway::http::StaticFiles> web;
  if (!cfg.web_root.empty()) {
    auto app = gateway::http::StaticFiles::Load(cfg.web_root);
    if (!app.ok()) {
      log::Error("start-up failed", {{"error", app.status().ToString()}});
      return 1;
    }
    log::Info("serving the web app",
              {{"root", cfg.web_root}, {"files", std::to_string((*app)->size())}});
    web = *std::move(app);
  }
  auto gateway = gateway::Gateway::Create(
      {.backends = cfg.backends,
       .backend_timeout = std::chrono::milliseconds(cfg.backend_timeout_ms),
       .body_limit = static_cast<uint64_t>(cfg.body_limit),
       .cors_origins = cfg.cors_origins,
       .identity = &tokens,
       .ip_limit = {.rate = static_cast<double>(cfg.ip_rps),
                    .burst = static_cast<double>(cfg.ip_burst)},
       .token_limit = {.rate = static_cast<double>(cfg.token_rps),
                       .burst = static_cast<double>(cfg.token_burst)},
       .backend_credentials = backend_credentials,
       .web = web,
       .signin_threads = cfg.signin_threads,
       .signin_queue = cfg.signin_queue},
      &(*metrics)->registry());
  if (!gateway.ok()) {
    log::Error("start-up failed", {{"error", gateway.status().ToString()}});
    return 1;
  }
  gateway::Gateway* g = gateway->get();
  prometheus::Gauge& open_connections = prometheus::BuildGauge()
                                            .Name("atlas_http_connections_open")
                                            .Help("HTTP connections currently open at the gateway")
                                            .Register((*metrics)->registry())
                                            .Add({});
  // Server-sent events for open atlas pages (GET /v1/events): the registry's
  // public changes — publish, archive, good-practice flag — by project name
  // only, from a plain NATS subscription (each gateway replica hears all).
  gateway::http::EventHub events(512, static_cast<size_t>(cfg.max_streams));
  natsSubscription* registry_changes = nullptr;
  natsSubscription* map_updates = nullptr;
  if (natsConnection_Subscribe(&map_updates, (*js)->connection(), "atlas.geo.map.updated",
                               OnMapUpdated, &events) != NATS_OK) {
    log::Error("start-up failed", {{"error", "cannot subscribe to atlas.geo.map.updated"}});
    return 1;
  }
  if (natsConnection_Subscribe(&registry_changes, (*js)->connection(), "atlas.registry.project.>",
                               OnRegistryChange, &events) != NATS_OK) {
    log::Error("start-up failed", {{"error", "cannot subscribe to atlas.registry.project.>"}});
    return 1;
  }
  gateway::http::ServerOptions http_options;
  http_options.events = &events;
  http_options.host = cfg.listen_host;
  http_options.port = cfg.http_port;
  http_options.threads = cfg.threads;
  http_options.body_limit = static_cast<uint64_t>(cfg.body_limit);
  http_options.idle_timeout = std::chrono::seconds(cfg.idle_timeout_s);
  http_options.open_connections = &open_connections;
  http_options.trusted_proxies = *trusted;
  http_options.connections = {.per_address = cfg.max_conns_per_ip, .total = cfg.max_conns};
  http_options.streams = {.per_address = cfg.max_streams_per_ip, .total = cfg.max_streams};
  http_options.uploads = {.per_address = cfg.max_uploads_per_ip, .total = cfg.max_uploads};
  http_options.stream_lifetime = std::chrono::seconds(cfg.stream_lifetime_s);
  http_options.refused = &prometheus::BuildCounter()
                              .Name("atlas_http_refused_total")
                              .Help(
                                  "Connections, event streams and uploads refused by the "
                                  "gateway's per-client and total caps, by reason")
                              .Register((*metrics)->registry());
  auto server = gateway::http::Server::Start(
      http_options,
      [g](gateway::http::Request&& req, const std::string& peer, gateway::http::Reply reply) {
        g->Handle(std::move(req), peer, std::move(reply));
      },
      [g](unsigned status, const gateway::http::Request* req) {
        return g->ProtocolError(status, req);
      });
  if (!server.ok()) {
    log::Error("start-up failed", {{"error", server.status().ToString()}});
    return 1;
  }
  log::Info("serving", {{"http", absl::StrCat(cfg.listen_host, ":", (*server)->port())},
                        {"grpc", absl::StrCat(cfg.listen_host, ":", (*identity_server)->port())},
                        {"routes", std::to_string(g->routes().routes().size())}});
  const int sig = rpc::WaitForTerminationSignal();
  log::Info("shutting down", {{"signal", std::to_string(sig)}});
  g->SetDraining();
  std::thread metrics_stop([&] { (*metrics)->Stop(); });
  // Let requests in flight get their answers, up to the grace period.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(cfg.shutdown_grace_ms);
  while (g->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  (*server)->Stop();
  natsSubscription_Unsubscribe(registry_changes);
  natsSubscription_Destroy(registry_changes);
  natsSubscription_Unsubscribe(map_updates);
  natsSubscription_Destroy(map_updates);
  (*identity_server)->Shutdown(std::chrono::milliseconds(cfg.shutdown_grace_ms));
  if (external_keys) external_keys->Stop();
  audit_expiry.Stop();
  audit_consumer.Stop();
  relay.Stop();
  metrics_stop.join();
  log::Info("stopped");
  return 0;
}
