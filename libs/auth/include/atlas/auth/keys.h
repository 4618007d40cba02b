// Ed25519 keys for access tokens (JWS alg "EdDSA", RFC 8037) and their JWKS
// form (RFC 7517: kty "OKP", crv "Ed25519", x = base64url public key).
// Verifiers also accept the keys an external OIDC issuer publishes: RSA
// (RS256, 2048 bits or more) and P-256 (ES256). Each key verifies exactly one
// algorithm, so a token can never choose how its signature is checked.
//
// A SigningKey holds a private key and signs; a KeySet holds public keys by
// key id and is what verifiers trust. Rotation: publish the new key in the
// KeySet first, sign with it next, drop the old key once its last token has
// expired. Both types are immutable after construction and thread-safe.
#ifndef ATLAS_AUTH_KEYS_H_
#define ATLAS_AUTH_KEYS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace atlas::auth {

enum class Algorithm { kEdDSA, kRS256, kES256 };

// A public key and the one algorithm it verifies.
struct VerifyKey {
  Algorithm algorithm = Algorithm::kEdDSA;
  std::string ed25519;                // kEdDSA: the 32-byte public key
  std::shared_ptr<evp_pkey_st> pkey;  // kRS256, kES256
};

class SigningKey final {
 public:
  // A fresh random key (libsodium's CSPRNG).
  static SigningKey Generate(std::string kid);
  // The key derived from a 32-byte seed (e.g. read from a Secret).
  // INVALID_ARGUMENT if the seed is not 32 bytes or kid is empty.
  static absl::StatusOr<SigningKey> FromSeed(std::string kid, std::string_view seed);
  ~SigningKey();
  SigningKey(const SigningKey&);
  SigningKey& operator=(const SigningKey&);

  const std::string& kid() const { return kid_; }
  // The 32-byte public key.
  const std::string& public_key() const { return public_key_; }
  // The 64-byte Ed25519 signature of `data`.
  std::string Sign(std::string_view data) const;

 private:
  SigningKey() = default;
  std::string kid_;
  std::string public_key_;
  std::string secret_key_;  // 64 bytes (seed + public key), wiped on destruction
};

class KeySet final {
 public:
  // INVALID_ARGUMENT unless `public_key` is 32 bytes and kid is non-empty.
  absl::Status Add(std::string kid, std::string public_key);
  // Parses a JWKS document: OKP/Ed25519, RSA (RS256) and EC P-256 (ES256)
  // signing keys; other keys (encryption, other curves, short RSA) are
  // skipped. INVALID_ARGUMENT if the document is malformed or has none.
  static absl::StatusOr<KeySet> FromJwks(std::string_view json);
  // The JWKS document of the Ed25519 keys (what the gateway publishes).
  std::string ToJwks() const;
  // The key for `kid`, or nullptr.
  const VerifyKey* Find(std::string_view kid) const;
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, VerifyKey, std::less<>> keys_;
};

// base64url without padding (RFC 7515 §2), and its strict inverse: rejects
// padding, other alphabets and non-canonical trailing bits.
std::string Base64UrlEncode(std::string_view data);
absl::StatusOr<std::string> Base64UrlDecode(std::string_view text);

}  // namespace atlas::auth

#endif  // ATLAS_AUTH_KEYS_H_
