// Random secrets and their stored hashes (libsodium).
#ifndef ATLAS_GATEWAY_IDENTITY_SECRETS_H_
#define ATLAS_GATEWAY_IDENTITY_SECRETS_H_

#include <string>
#include <string_view>

namespace atlas::gateway::identity {

// SHA-256 of `data` (32 raw bytes). For high-entropy secrets only.
std::string Sha256(std::string_view data);
// 256 random bits, base64url (43 characters): refresh-token and client secrets.
std::string NewSecret();
// A random UUID: refresh-token ids and OAuth client ids.
std::string NewClientId();
// A password for a new or reset account: 20 characters from a 64-letter
// alphabet (120 bits), for the user to change.
std::string GeneratePassword();
// Compares two byte strings in constant time (for equal sizes).
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_SECRETS_H_
