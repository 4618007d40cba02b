// Ed25519 keys and JWKS.
#include "atlas/auth/keys.h"

#include <sodium.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace atlas::auth {
namespace {

void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no safe way to continue without the CSPRNG
}

}  // namespace

std::string Base64UrlEncode(std::string_view data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

absl::StatusOr<std::string> Base64UrlDecode(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return absl::InvalidArgumentError("not base64url");
  }
  out.resize(len);
  // Canonical form only: re-encoding must give the same text.
  if (Base64UrlEncode(out) != text) return absl::InvalidArgumentError("non-canonical base64url");
  return out;
}

SigningKey SigningKey::Generate(std::string kid) {
  InitSodium();
  std::string seed(crypto_sign_SEEDBYTES, '\0');
  randombytes_buf(seed.data(), seed.size());
  SigningKey key = *FromSeed(kid.empty() ? std::string("key") : std::move(kid), seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

absl::StatusOr<SigningKey> SigningKey::FromSeed(std::string kid, std::string_view seed) {
  InitSodium();
  if (kid.empty()) return absl::InvalidArgumentError("a signing key needs a key id");
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return absl::InvalidArgumentError(
        absl::StrCat("an Ed25519 seed is ", crypto_sign_SEEDBYTES, " bytes, not ", seed.size()));
  }
  SigningKey key;
  key.kid_ = std::move(kid);
  key.public_key_.assign(crypto_sign_PUBLICKEYBYTES, '\0');
  key.secret_key_.assign(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(key.public_key_.data()),
                           reinterpret_cast<unsigned char*>(key.secret_key_.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return key;
}

SigningKey::~SigningKey() {
  if (!secret_key_.empty()) sodium_memzero(secret_key_.data(), secret_key_.size());
}

SigningKey::SigningKey(const SigningKey&) = default;
SigningKey& SigningKey::operator=(const SigningKey&) = default;

std::string SigningKey::Sign(std::string_view data) const {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                       reinterpret_cast<const unsigned char*>(secret_key_.data()));
  return sig;
}

absl::Status KeySet::Add(std::string kid, std::string public_key) {
  if (kid.empty()) return absl::InvalidArgumentError("a key needs a key id");
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES) {
    return absl::InvalidArgumentError("an Ed25519 public key is 32 bytes");
  }
  keys_[std::move(kid)] = std::move(public_key);
  return absl::OkStatus();
}

const std::string* KeySet::Find(std::string_view kid) const {
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

absl::StatusOr<KeySet> KeySet::FromJwks(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return absl::InvalidArgumentError("not a JWKS document (an object with a \"keys\" array)");
  }
  KeySet set;
  for (const auto& k : doc["keys"]) {
    if (!k.is_object()) continue;
    auto str = [&](const char* name) -> std::string {
      auto it = k.find(name);
      return it != k.end() && it->is_string() ? it->get<std::string>() : "";
    };
    if (str("kty") != "OKP" || str("crv") != "Ed25519") continue;
    if (!str("use").empty() && str("use") != "sig") continue;
    if (!str("alg").empty() && str("alg") != "EdDSA") continue;
    auto x = Base64UrlDecode(str("x"));
    if (!x.ok()) return absl::InvalidArgumentError("JWKS key \"" + str("kid") + "\": bad \"x\"");
    if (absl::Status s = set.Add(str("kid"), *std::move(x)); !s.ok()) return s;
  }
  if (set.size() == 0) return absl::InvalidArgumentError("JWKS has no Ed25519 signing key");
  return set;
}

std::string KeySet::ToJwks() const {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& [kid, pub] : keys_) {
    keys.push_back({{"kty", "OKP"},
                    {"crv", "Ed25519"},
                    {"use", "sig"},
                    {"alg", "EdDSA"},
                    {"kid", kid},
                    {"x", Base64UrlEncode(pub)}});
  }
  return nlohmann::json{{"keys", keys}}.dump();
}

}  // namespace atlas::auth
