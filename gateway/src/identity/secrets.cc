// Random secrets and hashes.
#include "gateway/identity/secrets.h"

#include <sodium.h>

#include "atlas/auth/keys.h"
#include "atlas/bus/event.h"

namespace atlas::gateway::identity {

std::string Sha256(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

std::string NewSecret() {
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  return auth::Base64UrlEncode(raw);
}

std::string NewClientId() { return bus::NewUuid(); }

std::string GeneratePassword() {
  std::string raw(15, '\0');
  randombytes_buf(raw.data(), raw.size());
  return auth::Base64UrlEncode(raw);  // 15 bytes -> 20 characters
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace atlas::gateway::identity
