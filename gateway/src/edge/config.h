// The gateway's own settings, beside the ones every process shares
// (core::ServiceConfig: listen host, ports, PostgreSQL, NATS, TLS, issuer).
// Every variable, its default and its range are in ReadGatewayConfig; a
// malformed one stops the process with exit 2 before anything starts.
#ifndef ATLAS_GATEWAY_EDGE_CONFIG_H_
#define ATLAS_GATEWAY_EDGE_CONFIG_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "atlas/core/config.h"

namespace atlas::gateway {

struct GatewayConfig {
  // The REST edge.
  int http_port = 0;         // ATLAS_GATEWAY_HTTP_PORT (processes.json)
  int threads = 2;           // ATLAS_GATEWAY_THREADS (1..64)
  int64_t body_limit = 0;    // ATLAS_HTTP_BODY_LIMIT bytes, default 1 MiB
  int64_t upload_limit = 0;  // ATLAS_HTTP_UPLOAD_LIMIT: POST /v1/documents (a PDF in base64), 5 MiB
  int backend_timeout_ms = 10000;               // ATLAS_BACKEND_TIMEOUT_MS
  int idle_timeout_s = 60;                      // ATLAS_HTTP_IDLE_TIMEOUT_S
  std::map<std::string, std::string> backends;  // ATLAS_<SVC>_ADDR, default 127.0.0.1:<grpc port>;
                                                // "identity": ATLAS_IDENTITY_ADDR, default this
                                                // process's own gRPC port
  std::set<std::string> cors_origins;           // ATLAS_CORS_ORIGINS: comma-separated exact origins
  std::string web_root;              // ATLAS_WEB_ROOT: the built web app (web/dist); "" = API only
  std::string backend_ca;            // ATLAS_BACKEND_TLS_CA_FILE: set = call the services over TLS
  std::string backend_cert;          // ATLAS_BACKEND_TLS_CERT_FILE: client certificate (mTLS)
  std::string backend_key;           // ATLAS_BACKEND_TLS_KEY_FILE
  int ip_rps = 100, ip_burst = 200;  // ATLAS_RATE_LIMIT_IP_RPS / _BURST (0 = off)
  int token_rps = 50, token_burst = 100;  // ATLAS_RATE_LIMIT_TOKEN_RPS / _BURST (0 = off)
  std::string trusted_proxies;  // ATLAS_TRUSTED_PROXIES: addresses/CIDRs whose X-Forwarded-For
                                // and Forwarded are believed (the ingress); default none
  int max_conns_per_ip = 256, max_conns = 20000;     // ATLAS_HTTP_MAX_CONNECTIONS(_PER_IP)
  int max_streams_per_ip = 16, max_streams = 10000;  // ATLAS_SSE_MAX_STREAMS(_PER_IP)
  int max_uploads_per_ip = 4, max_uploads = 64;      // ATLAS_HTTP_MAX_UPLOADS(_PER_IP)
  int stream_lifetime_s = 1800;                      // ATLAS_SSE_STREAM_LIFETIME_S
  int signin_threads = 2;                            // ATLAS_SIGNIN_THREADS
  int signin_queue = 16;                             // ATLAS_SIGNIN_QUEUE
  int cache_mb = 64;         // ATLAS_HTTP_CACHE_MB: public answers kept in memory (0 = off)
  int json_memo_mb = 16;     // ATLAS_GATEWAY_JSON_MEMO_MB: JSON of listed messages (0 = off)
  int cache_max_age_s = 60;  // ATLAS_HTTP_CACHE_MAX_AGE_S: oldest kept (if an event is lost)

  // Identity: the built-in token issuer, accounts and audit log.
  std::string jwt_key_file;      // ATLAS_JWT_KEY_FILE: base64url 32-byte Ed25519 seed; none =
                                 // a fresh key per start (tokens die with the process)
  std::string jwt_key_id;        // ATLAS_JWT_KEY_ID, default k1
  std::string verify_keys;       // ATLAS_JWT_VERIFY_KEYS: "kid=seed-file,…": keys that verify but
                                 // never sign (the next key before a switch, the previous after)
  int access_token_ttl_s = 900;  // ATLAS_ACCESS_TOKEN_TTL_S (60..86400)
  int refresh_grace_s = 10;      // ATLAS_REFRESH_REUSE_GRACE_S: a used refresh token presented
                                 // again this soon from the same address is a second tab
  std::string admin_user;        // ATLAS_BOOTSTRAP_ADMIN_USER, default admin
  std::string admin_password;    // ATLAS_BOOTSTRAP_ADMIN_PASSWORD(_FILE): first admin, if none
  int audit_rejected_days = 90;  // ATLAS_AUDIT_REJECTED_RETENTION_DAYS: token.rejected entries
  int audit_days = 0;            // ATLAS_AUDIT_RETENTION_DAYS: every entry (0 = kept for ever)
  int audit_expiry_s = 3600;     // ATLAS_AUDIT_EXPIRY_INTERVAL_S: how often expiry runs
};

// Reads the gateway's settings; problems go to `env` (reported by Finish()).
// `listen_host` and `grpc_port` (the shared settings) give the identity
// API's default address. Reads ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE if set.
void ReadGatewayConfig(core::EnvReader& env, const std::string& listen_host, int grpc_port,
                       GatewayConfig* cfg);

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_EDGE_CONFIG_H_
