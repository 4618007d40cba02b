// Password hashing with argon2id (libsodium crypto_pwhash, "interactive"
// limits: 2 passes over 64 MiB — above OWASP's minimum of 19 MiB x 2, about
// 0.1 s here). Hashing is CPU- and memory-heavy by design: never call it on
// an I/O thread.
#ifndef ATLAS_GATEWAY_IDENTITY_PASSWORD_H_
#define ATLAS_GATEWAY_IDENTITY_PASSWORD_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace atlas::gateway::identity {

// The encoded hash ($argon2id$v=19$m=65536,t=2,p=1$…). INVALID_ARGUMENT for
// passwords shorter than 12 or longer than 1024 bytes; RESOURCE_EXHAUSTED if
// the memory could not be had.
absl::StatusOr<std::string> HashPassword(std::string_view password);

// True if `password` matches `hash`. For an unknown user call it with
// DummyHash() so that "no such user" takes as long as "wrong password".
bool VerifyPassword(std::string_view hash, std::string_view password);
const std::string& DummyHash();

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_PASSWORD_H_
