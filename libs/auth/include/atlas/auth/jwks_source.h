// Where verifiers get the keys they trust: a JWKS file (the built-in issuer's
// public keys, e.g. a mounted ConfigMap) or the jwks_uri of an external OIDC
// issuer (https://…; http:// only to a loopback address, for local tests). Both are re-read
// periodically so that key rotation needs no restart (KeyRefresher).
#ifndef ATLAS_AUTH_JWKS_SOURCE_H_
#define ATLAS_AUTH_JWKS_SOURCE_H_

#include <chrono>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "atlas/auth/keys.h"
#include "atlas/core/periodic.h"

namespace atlas::auth {

struct JwksSource {
  std::string location;  // a file path, or an http(s):// URL
  std::string ca_file;   // https: trust these CAs instead of the system's
  std::chrono::milliseconds timeout{5000};
  bool remote() const;
};

// Reads and parses the JWKS once. UNAVAILABLE if it cannot be fetched,
// INVALID_ARGUMENT if it is not a usable JWKS.
absl::StatusOr<KeySet> LoadJwks(const JwksSource& source);

// OK for an https:// URL, or http:// to a loopback address (local runs and
// tests); INVALID_ARGUMENT for anything else (keys in clear could be anyone's).
absl::Status CheckJwksUrl(const std::string& url);

// The body of an HTTP(S) GET (status 200 only; at most 1 MiB; the URL as
// CheckJwksUrl allows).
absl::StatusOr<std::string> HttpGet(const std::string& url, const std::string& ca_file,
                                    std::chrono::milliseconds timeout);

// Re-reads a JWKS every `every` (sooner after a failure) and hands each good
// key set to `apply`; a failed read keeps the keys already applied.
class KeyRefresher final {
 public:
  KeyRefresher(JwksSource source, std::chrono::seconds every, std::function<void(KeySet)> apply);
  ~KeyRefresher();
  KeyRefresher(const KeyRefresher&) = delete;
  KeyRefresher& operator=(const KeyRefresher&) = delete;

  // Loads once now (the result, so start-up can report it), then keeps
  // refreshing in the background.
  absl::Status Start();
  void Stop();

 private:
  absl::Status LoadAndApply();

  JwksSource source_;
  std::function<void(KeySet)> apply_;
  core::Periodic refresh_;
};

}  // namespace atlas::auth

#endif  // ATLAS_AUTH_JWKS_SOURCE_H_
