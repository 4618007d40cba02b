// argon2id via libsodium.
#include "gateway/identity/password.h"

#include <sodium.h>

#include <cstdlib>

namespace atlas::gateway::identity {
namespace {
void Init() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}
}  // namespace

absl::StatusOr<std::string> HashPassword(std::string_view password) {
  Init();
  if (password.size() < 12)
    return absl::InvalidArgumentError("password shorter than 12 characters");
  if (password.size() > 1024) return absl::InvalidArgumentError("password longer than 1024 bytes");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  Init();
  if (hash.size() >= crypto_pwhash_STRBYTES || password.size() > 1024) return false;
  std::string h(hash);  // NUL-terminated copy
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& DummyHash() {
  static const std::string* hash = new std::string(*HashPassword("dummy password, never valid"));
  return *hash;
}

}  // namespace atlas::gateway::identity
