// The built-in issuer's keys on disk: each file holds a base64url 32-byte
// Ed25519 seed (a Kubernetes secret, `atlas-jwt`).
#ifndef ATLAS_GATEWAY_IDENTITY_KEY_FILES_H_
#define ATLAS_GATEWAY_IDENTITY_KEY_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/auth/keys.h"

namespace atlas::gateway::identity {

// The signing key `kid` from the seed in `path`.
absl::StatusOr<auth::SigningKey> LoadSeedFile(const std::string& kid, const std::string& path);

// The keys that verify but never sign, from ATLAS_JWT_VERIFY_KEYS
// ("kid=file,kid=file"): the next key before a switch, the previous one after.
absl::StatusOr<std::vector<auth::SigningKey>> LoadVerifyKeys(const std::string& spec);

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_KEY_FILES_H_
