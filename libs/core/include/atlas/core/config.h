// Typed configuration read from ATLAS_* environment variables.
//
// Each binary declares a Config struct and fills it through an EnvReader:
// every field names its variable, its default and its bounds. Errors are
// collected, not thrown; Finish() reports all of them at once so a
// misconfigured process stops at start-up with one clear message.
// Not thread-safe; use it once, in main().
#ifndef ATLAS_CORE_CONFIG_H_
#define ATLAS_CORE_CONFIG_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace atlas::core {

class EnvReader final {
 public:
  // `lookup` returns the value of a variable or nullptr; defaults to getenv.
  using Lookup = std::function<const char*(const char*)>;
  explicit EnvReader(Lookup lookup = nullptr);

  // Reads a string; empty values are allowed unless `required`.
  void String(const char* var, std::string default_value, std::string* out, bool required = false);
  // Reads a decimal integer within [min, max].
  void Int(const char* var, int64_t default_value, int64_t min, int64_t max, int64_t* out);
  void Int(const char* var, int default_value, int min, int max, int* out);
  // Reads a TCP port (1..65535).
  void Port(const char* var, int default_value, int* out);
  // Reads true/false/1/0/yes/no (case-insensitive).
  void Bool(const char* var, bool default_value, bool* out);
  // Reads one of `allowed`.
  void Enum(const char* var, std::string default_value, const std::vector<std::string>& allowed,
            std::string* out);

  // Records a problem that involves several variables.
  void Fail(std::string message) { errors_.push_back(std::move(message)); }

  // OK, or INVALID_ARGUMENT listing every malformed variable.
  absl::Status Finish() const;

 private:
  const char* Get(const char* var) const;
  Lookup lookup_;
  std::vector<std::string> errors_;
};

// TLS for a gRPC server (partners connect directly). No certificate = plain
// gRPC (local runs; in a cluster the mesh or ingress may terminate TLS).
struct TlsConfig {
  std::string cert_file;       // ATLAS_TLS_CERT_FILE: server certificate chain (PEM)
  std::string key_file;        // ATLAS_TLS_KEY_FILE: its private key (PEM)
  std::string client_ca_file;  // ATLAS_TLS_CLIENT_CA_FILE: CAs of client certificates (mTLS)
  std::string client_auth;     // ATLAS_TLS_CLIENT_AUTH: none|optional|require, default none
  // ATLAS_TLS_TRUSTED_CLIENT_NAMES: client-certificate common names that may
  // carry any organisation's tokens (default atlas-gateway).
  std::vector<std::string> trusted_client_names;
  // ATLAS_HEALTH_PORT: a plaintext gRPC port serving grpc.health.v1 only, for
  // probes that cannot speak TLS (Kubernetes' native grpc probe); 0 = none.
  int health_port = 0;
  bool enabled() const { return !cert_file.empty(); }
};

// The whole content of the file at `path` without trailing newlines: a secret
// or a token passed by file (…_FILE settings, mounted Secrets). INVALID_ARGUMENT
// if it cannot be read.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

// Reads the ATLAS_TLS_* settings into `tls` (errors collected by `env`).
void ReadTlsConfig(EnvReader& env, TlsConfig* tls);

// Settings every service binary shares. Defaults make a local run work.
// The event stream's shape and retention, the same for every process (each
// one ensures the stream at start-up).
struct StreamConfig {
  std::string name = "ATLAS";  // ATLAS_NATS_STREAM
  int replicas = 1;            // ATLAS_NATS_STREAM_REPLICAS (1..5; 3 in production)
  int max_age_h =
      2160;        // ATLAS_NATS_STREAM_MAX_AGE_H: messages older go, default 90 days (0 = never)
  int max_mb = 0;  // ATLAS_NATS_STREAM_MAX_MB: past it the stream refuses new messages
                   // (they wait in outboxes; alert); default 0 = the server's own limit
};
void ReadStreamConfig(EnvReader& env, StreamConfig* out);

// TLS to NATS: the CA that signed the server's certificate, and this
// process's certificate and key, which the server maps to a user with its
// own permissions (deploy/k8s nats.conf, docs/security.md). Empty = plain.
struct NatsTlsConfig {
  std::string ca_file;    // ATLAS_NATS_TLS_CA_FILE
  std::string cert_file;  // ATLAS_NATS_TLS_CERT_FILE
  std::string key_file;   // ATLAS_NATS_TLS_KEY_FILE
  bool enabled() const { return !ca_file.empty(); }
};
void ReadNatsTlsConfig(EnvReader& env, NatsTlsConfig* out);

struct ServiceConfig {
  std::string service;      // e.g. "registry"; set by the binary, not the environment
  std::string listen_host;  // ATLAS_LISTEN_HOST, default 127.0.0.1
  int grpc_port = 0;        // ATLAS_<SVC>_GRPC_PORT, default per service
  int metrics_port = 0;     // ATLAS_<SVC>_METRICS_PORT, default per service
  std::string pg_url;       // ATLAS_PG_URL, default postgresql://postgres@127.0.0.1:55432/atlas
  int pg_pool_size = 4;     // ATLAS_PG_POOL_SIZE, default 4 (1..64)
  std::string nats_url;     // ATLAS_NATS_URL, default nats://127.0.0.1:4222
  StreamConfig stream;      // ATLAS_NATS_STREAM*: see StreamConfig
  NatsTlsConfig nats_tls;   // ATLAS_NATS_TLS_*: see NatsTlsConfig
  std::string log_level;    // ATLAS_LOG_LEVEL: debug|info|warn|error, default info
  std::string fault;        // ATLAS_FAULT: fault-injection point for tests, default none
  int shutdown_grace_ms = 5000;  // ATLAS_SHUTDOWN_GRACE_MS, default 5000
  std::string jwks_file;         // ATLAS_AUTH_JWKS_FILE: keys of trusted token issuers; none =
                                 // only PUBLIC RPCs can be called
  std::string jwks_url;          // ATLAS_AUTH_JWKS_URL: an external OIDC issuer's jwks_uri
                                 // instead of the file
  std::string jwks_ca_file;      // ATLAS_AUTH_JWKS_CA_FILE: CAs for that URL (default: system)
  int jwks_refresh_s = 300;      // ATLAS_AUTH_JWKS_REFRESH_S: re-read the keys this often
  std::string jwt_issuer;        // ATLAS_JWT_ISSUER, default atlas
  std::string jwt_audience;      // ATLAS_JWT_AUDIENCE, default atlas
  TlsConfig tls;                 // ATLAS_TLS_*: see TlsConfig
};

// Fills `cfg` for service `service` (e.g. "registry") using the default ports.
void ReadServiceConfig(EnvReader& env, const std::string& service, int default_grpc_port,
                       int default_metrics_port, ServiceConfig* cfg);

}  // namespace atlas::core

#endif  // ATLAS_CORE_CONFIG_H_
