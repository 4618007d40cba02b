#include "gateway/edge/config.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "atlas/core/processes.h"
#include "gateway/http/client_address.h"

namespace atlas::gateway {

void ReadGatewayConfig(core::EnvReader& env, const std::string& listen_host, int grpc_port,
                       GatewayConfig* cfg) {
  env.Port("ATLAS_GATEWAY_HTTP_PORT", core::kGateway.http_port, &cfg->http_port);
  env.Int("ATLAS_GATEWAY_THREADS", 2, 1, 64, &cfg->threads);
  env.Int("ATLAS_HTTP_BODY_LIMIT", int64_t{1024} * 1024, int64_t{1024}, int64_t{64} * 1024 * 1024,
          &cfg->body_limit);
  env.Int("ATLAS_HTTP_UPLOAD_LIMIT", int64_t{5} * 1024 * 1024, int64_t{1024} * 1024,
          int64_t{64} * 1024 * 1024, &cfg->upload_limit);
  env.Int("ATLAS_BACKEND_TIMEOUT_MS", 10000, 100, 600000, &cfg->backend_timeout_ms);
  env.Int("ATLAS_HTTP_IDLE_TIMEOUT_S", 60, 1, 3600, &cfg->idle_timeout_s);
  // The backends: every other process of processes.json.
  for (const core::Process* p : core::kProcesses) {
    if (p == &core::kGateway) continue;
    const std::string name(p->name);
    std::string var = "ATLAS_" + name + "_ADDR";
    for (auto& c : var) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    env.String(var.c_str(), absl::StrCat("127.0.0.1:", p->grpc_port), &cfg->backends[name], true);
  }
  // The identity API is this process's own gRPC port, reached like any backend.
  const std::string self =
      listen_host == "0.0.0.0" || listen_host == "::" ? "127.0.0.1" : listen_host;
  env.String("ATLAS_IDENTITY_ADDR", absl::StrCat(self, ":", grpc_port), &cfg->backends["identity"],
             true);
  std::string cors;
  env.String("ATLAS_CORS_ORIGINS", "", &cors);
  for (absl::string_view o : absl::StrSplit(cors, ',', absl::SkipWhitespace())) {
    cfg->cors_origins.insert(std::string(absl::StripAsciiWhitespace(o)));
  }
  env.String("ATLAS_WEB_ROOT", "", &cfg->web_root);
  env.String("ATLAS_BACKEND_TLS_CA_FILE", "", &cfg->backend_ca);
  env.String("ATLAS_BACKEND_TLS_CERT_FILE", "", &cfg->backend_cert);
  env.String("ATLAS_BACKEND_TLS_KEY_FILE", "", &cfg->backend_key);
  env.Int("ATLAS_RATE_LIMIT_IP_RPS", 100, 0, 1000000, &cfg->ip_rps);
  env.Int("ATLAS_RATE_LIMIT_IP_BURST", 200, 1, 1000000, &cfg->ip_burst);
  env.Int("ATLAS_RATE_LIMIT_TOKEN_RPS", 50, 0, 1000000, &cfg->token_rps);
  env.Int("ATLAS_RATE_LIMIT_TOKEN_BURST", 100, 1, 1000000, &cfg->token_burst);
  env.String("ATLAS_TRUSTED_PROXIES", "", &cfg->trusted_proxies);
  if (auto parsed = http::TrustedProxies::Parse(cfg->trusted_proxies); !parsed.ok()) {
    env.Fail("ATLAS_TRUSTED_PROXIES: " + std::string(parsed.status().message()));
  }
  env.Int("ATLAS_HTTP_MAX_CONNECTIONS_PER_IP", 256, 1, 1000000, &cfg->max_conns_per_ip);
  env.Int("ATLAS_HTTP_MAX_CONNECTIONS", 20000, 1, 10000000, &cfg->max_conns);
  env.Int("ATLAS_SSE_MAX_STREAMS_PER_IP", 16, 1, 100000, &cfg->max_streams_per_ip);
  env.Int("ATLAS_SSE_MAX_STREAMS", 10000, 1, 1000000, &cfg->max_streams);
  env.Int("ATLAS_HTTP_MAX_UPLOADS_PER_IP", 4, 1, 10000, &cfg->max_uploads_per_ip);
  env.Int("ATLAS_HTTP_MAX_UPLOADS", 64, 1, 100000, &cfg->max_uploads);
  env.Int("ATLAS_SSE_STREAM_LIFETIME_S", 1800, 10, 86400, &cfg->stream_lifetime_s);
  env.Int("ATLAS_SIGNIN_THREADS", 2, 1, 64, &cfg->signin_threads);
  env.Int("ATLAS_SIGNIN_QUEUE", 16, 1, 100000, &cfg->signin_queue);
  env.Int("ATLAS_HTTP_CACHE_MB", 64, 0, 65536, &cfg->cache_mb);
  env.Int("ATLAS_HTTP_CACHE_MAX_AGE_S", 60, 1, 86400, &cfg->cache_max_age_s);
  env.Int("ATLAS_GATEWAY_JSON_MEMO_MB", 16, 0, 4096, &cfg->json_memo_mb);

  env.String("ATLAS_JWT_KEY_FILE", "", &cfg->jwt_key_file);
  env.String("ATLAS_JWT_KEY_ID", "k1", &cfg->jwt_key_id, true);
  env.String("ATLAS_JWT_VERIFY_KEYS", "", &cfg->verify_keys);
  env.Int("ATLAS_ACCESS_TOKEN_TTL_S", 900, 60, 86400, &cfg->access_token_ttl_s);
  env.Int("ATLAS_REFRESH_REUSE_GRACE_S", 10, 0, 60, &cfg->refresh_grace_s);
  env.String("ATLAS_BOOTSTRAP_ADMIN_USER", "admin", &cfg->admin_user, true);
  env.String("ATLAS_BOOTSTRAP_ADMIN_PASSWORD", "", &cfg->admin_password);
  std::string password_file;
  env.String("ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE", "", &password_file);
  if (!password_file.empty()) {
    auto password = core::ReadSecretFile(password_file);
    if (password.ok()) {
      cfg->admin_password = *password;
    } else {
      env.Fail("ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE: " + std::string(password.status().message()));
    }
  }
  env.Int("ATLAS_AUDIT_REJECTED_RETENTION_DAYS", 90, 30, 36500, &cfg->audit_rejected_days);
  env.Int("ATLAS_AUDIT_RETENTION_DAYS", 0, 0, 36500, &cfg->audit_days);
  if (cfg->audit_days > 0 && cfg->audit_days < 30) {
    env.Fail(
        absl::StrCat("ATLAS_AUDIT_RETENTION_DAYS must be 0 (keep for ever) or at least 30, got ",
                     cfg->audit_days));
  }
  env.Int("ATLAS_AUDIT_EXPIRY_INTERVAL_S", 3600, 1, 86400, &cfg->audit_expiry_s);
}

}  // namespace atlas::gateway
