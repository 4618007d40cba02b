// EnvReader: parsing and validation of ATLAS_* variables.
#include "atlas/core/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace atlas::core {

EnvReader::EnvReader(Lookup lookup) : lookup_(std::move(lookup)) {
  // Configuration is read at start-up, before any thread that could setenv.
  if (!lookup_) {
    lookup_ = [](const char* v) -> const char* {
      return std::getenv(v);  // NOLINT(concurrency-mt-unsafe)
    };
  }
}

const char* EnvReader::Get(const char* var) const { return lookup_(var); }

void EnvReader::String(const char* var, std::string default_value, std::string* out,
                       bool required) {
  const char* v = Get(var);
  *out = v ? std::string(v) : std::move(default_value);
  if (required && out->empty()) errors_.push_back(absl::StrCat(var, " must be set"));
}

void EnvReader::Int(const char* var, int64_t default_value, int64_t min, int64_t max,
                    int64_t* out) {
  *out = default_value;
  const char* v = Get(var);
  if (v == nullptr) return;
  std::string_view s(v);
  int64_t parsed = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    errors_.push_back(absl::StrCat(var, "=\"", std::string(s), "\" is not an integer"));
    return;
  }
  if (parsed < min || parsed > max) {
    errors_.push_back(absl::StrCat(var, "=", parsed, " is out of range [", min, ", ", max, "]"));
    return;
  }
  *out = parsed;
}

void EnvReader::Int(const char* var, int default_value, int min, int max, int* out) {
  int64_t wide = 0;
  Int(var, static_cast<int64_t>(default_value), min, max, &wide);
  *out = static_cast<int>(wide);
}

void EnvReader::Port(const char* var, int default_value, int* out) {
  Int(var, default_value, 1, 65535, out);
}

void EnvReader::Bool(const char* var, bool default_value, bool* out) {
  *out = default_value;
  const char* v = Get(var);
  if (v == nullptr) return;
  std::string s = absl::AsciiStrToLower(v);
  if (s == "1" || s == "true" || s == "yes") {
    *out = true;
  } else if (s == "0" || s == "false" || s == "no") {
    *out = false;
  } else {
    errors_.push_back(absl::StrCat(var, "=\"", v, "\" is not a boolean (true/false)"));
  }
}

void EnvReader::Enum(const char* var, std::string default_value,
                     const std::vector<std::string>& allowed, std::string* out) {
  const char* v = Get(var);
  *out = v ? std::string(v) : std::move(default_value);
  if (std::find(allowed.begin(), allowed.end(), *out) == allowed.end()) {
    errors_.push_back(
        absl::StrCat(var, "=\"", *out, "\" must be one of: ", absl::StrJoin(allowed, ", ")));
  }
}

absl::Status EnvReader::Finish() const {
  if (errors_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid configuration: ", absl::StrJoin(errors_, "; ")));
}

void ReadStreamConfig(EnvReader& env, StreamConfig* out) {
  env.String("ATLAS_NATS_STREAM", "ATLAS", &out->name, true);
  env.Int("ATLAS_NATS_STREAM_REPLICAS", 1, 1, 5, &out->replicas);
  env.Int("ATLAS_NATS_STREAM_MAX_AGE_H", 2160, 0, 24 * 3650, &out->max_age_h);
  env.Int("ATLAS_NATS_STREAM_MAX_MB", 0, 0, 16 * 1024 * 1024, &out->max_mb);
}

void ReadNatsTlsConfig(EnvReader& env, NatsTlsConfig* out) {
  env.String("ATLAS_NATS_TLS_CA_FILE", "", &out->ca_file);
  env.String("ATLAS_NATS_TLS_CERT_FILE", "", &out->cert_file);
  env.String("ATLAS_NATS_TLS_KEY_FILE", "", &out->key_file);
}

void ReadServiceConfig(EnvReader& env, const std::string& service, int default_grpc_port,
                       int default_metrics_port, ServiceConfig* cfg) {
  cfg->service = service;
  const std::string upper = absl::AsciiStrToUpper(service);
  const std::string grpc_var = absl::StrCat("ATLAS_", upper, "_GRPC_PORT");
  const std::string metrics_var = absl::StrCat("ATLAS_", upper, "_METRICS_PORT");
  env.String("ATLAS_LISTEN_HOST", "127.0.0.1", &cfg->listen_host, /*required=*/true);
  env.Port(grpc_var.c_str(), default_grpc_port, &cfg->grpc_port);
  env.Port(metrics_var.c_str(), default_metrics_port, &cfg->metrics_port);
  env.String("ATLAS_PG_URL", "postgresql://postgres@127.0.0.1:55432/atlas", &cfg->pg_url, true);
  env.Int("ATLAS_PG_POOL_SIZE", 4, 1, 64, &cfg->pg_pool_size);
  env.String("ATLAS_NATS_URL", "nats://127.0.0.1:4222", &cfg->nats_url, true);
  ReadStreamConfig(env, &cfg->stream);
  ReadNatsTlsConfig(env, &cfg->nats_tls);
  env.Enum("ATLAS_LOG_LEVEL", "info", {"debug", "info", "warn", "error"}, &cfg->log_level);
  env.Enum("ATLAS_FAULT", "none", {"none", "relay_kill_before_publish", "relay_kill_after_publish"},
           &cfg->fault);
  env.Int("ATLAS_SHUTDOWN_GRACE_MS", 5000, 0, 600000, &cfg->shutdown_grace_ms);
  env.String("ATLAS_AUTH_JWKS_FILE", "", &cfg->jwks_file);
  env.String("ATLAS_AUTH_JWKS_URL", "", &cfg->jwks_url);
  env.String("ATLAS_AUTH_JWKS_CA_FILE", "", &cfg->jwks_ca_file);
  env.Int("ATLAS_AUTH_JWKS_REFRESH_S", 300, 1, 86400, &cfg->jwks_refresh_s);
  if (!cfg->jwks_file.empty() && !cfg->jwks_url.empty()) {
    env.Fail("set ATLAS_AUTH_JWKS_FILE or ATLAS_AUTH_JWKS_URL, not both");
  }
  if (!cfg->jwks_url.empty() && cfg->jwks_url.rfind("https://", 0) != 0 &&
      cfg->jwks_url.rfind("http://", 0) != 0) {
    env.Fail("ATLAS_AUTH_JWKS_URL must be an https:// URL");
  }
  env.String("ATLAS_JWT_ISSUER", "atlas", &cfg->jwt_issuer, true);
  env.String("ATLAS_JWT_AUDIENCE", "atlas", &cfg->jwt_audience, true);
  ReadTlsConfig(env, &cfg->tls);
}

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError("cannot read " + path);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

void ReadTlsConfig(EnvReader& env, TlsConfig* tls) {
  env.String("ATLAS_TLS_CERT_FILE", "", &tls->cert_file);
  env.String("ATLAS_TLS_KEY_FILE", "", &tls->key_file);
  env.String("ATLAS_TLS_CLIENT_CA_FILE", "", &tls->client_ca_file);
  env.Enum("ATLAS_TLS_CLIENT_AUTH", "none", {"none", "optional", "require"}, &tls->client_auth);
  std::string names;
  env.String("ATLAS_TLS_TRUSTED_CLIENT_NAMES", "atlas-gateway", &names);
  tls->trusted_client_names = absl::StrSplit(names, ',', absl::SkipWhitespace());
  env.Int("ATLAS_HEALTH_PORT", 0, 0, 65535, &tls->health_port);
  if (tls->cert_file.empty() != tls->key_file.empty()) {
    env.Fail("ATLAS_TLS_CERT_FILE and ATLAS_TLS_KEY_FILE must be set together");
  }
  if (tls->client_auth != "none" && tls->client_ca_file.empty()) {
    env.Fail("ATLAS_TLS_CLIENT_AUTH=" + tls->client_auth + " needs ATLAS_TLS_CLIENT_CA_FILE");
  }
  if (tls->client_auth != "none" && tls->cert_file.empty()) {
    env.Fail("ATLAS_TLS_CLIENT_AUTH=" + tls->client_auth + " needs ATLAS_TLS_CERT_FILE");
  }
}

}  // namespace atlas::core
