// Ed25519 keys and JWKS.
#include "atlas/auth/keys.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "atlas/core/json.h"

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
  keys_[std::move(kid)] = VerifyKey{Algorithm::kEdDSA, std::move(public_key), nullptr};
  return absl::OkStatus();
}

const VerifyKey* KeySet::Find(std::string_view kid) const {
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

namespace {

using PkeyPtr = std::shared_ptr<EVP_PKEY>;

// A public key from OpenSSL parameters, checked; nullptr if invalid.
PkeyPtr FromParams(const char* type, OSSL_PARAM* params) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* pkey = nullptr;
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx) <= 0 ||
      EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
    EVP_PKEY_CTX_free(ctx);
    return nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  PkeyPtr key(pkey, EVP_PKEY_free);
  EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr);
  const bool ok = check != nullptr && EVP_PKEY_public_check(check) == 1;
  EVP_PKEY_CTX_free(check);
  return ok ? key : nullptr;
}

PkeyPtr RsaKey(const std::string& n, const std::string& e) {
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                           static_cast<int>(n.size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                           static_cast<int>(e.size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  PkeyPtr key;
  if (bn_n != nullptr && bn_e != nullptr && bld != nullptr &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1) {
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    if (params != nullptr) key = FromParams("RSA", params);
    OSSL_PARAM_free(params);
  }
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  if (key && EVP_PKEY_get_bits(key.get()) < 2048) return nullptr;  // too weak to trust
  return key;
}

PkeyPtr P256Key(const std::string& x, const std::string& y) {
  if (x.size() != 32 || y.size() != 32) return nullptr;
  std::string point = "\x04" + x + y;  // uncompressed SEC1 point
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  return FromParams("EC", params);
}

}  // namespace

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
    auto bytes = [&](const char* name) -> std::string {
      auto b = Base64UrlDecode(str(name));
      return b.ok() ? *b : std::string();
    };
    const std::string kid = str("kid"), kty = str("kty"), alg = str("alg");
    if (kid.empty() || (!str("use").empty() && str("use") != "sig")) continue;
    if (kty == "OKP" && str("crv") == "Ed25519" && (alg.empty() || alg == "EdDSA")) {
      auto x = Base64UrlDecode(str("x"));
      if (!x.ok()) return absl::InvalidArgumentError("JWKS key \"" + kid + "\": bad \"x\"");
      if (absl::Status s = set.Add(kid, *std::move(x)); !s.ok()) return s;
    } else if (kty == "RSA" && (alg.empty() || alg == "RS256")) {
      PkeyPtr key = RsaKey(bytes("n"), bytes("e"));
      if (key) set.keys_[kid] = VerifyKey{Algorithm::kRS256, "", key};
    } else if (kty == "EC" && str("crv") == "P-256" && (alg.empty() || alg == "ES256")) {
      PkeyPtr key = P256Key(bytes("x"), bytes("y"));
      if (key) set.keys_[kid] = VerifyKey{Algorithm::kES256, "", key};
    }
  }
  if (set.size() == 0) {
    return absl::InvalidArgumentError("JWKS has no usable signing key (Ed25519, RS256 or ES256)");
  }
  return set;
}

std::string KeySet::ToJwks() const {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& [kid, key] : keys_) {
    if (key.algorithm != Algorithm::kEdDSA) continue;
    keys.push_back({{"kty", "OKP"},
                    {"crv", "Ed25519"},
                    {"use", "sig"},
                    {"alg", "EdDSA"},
                    {"kid", kid},
                    {"x", Base64UrlEncode(key.ed25519)}});
  }
  return core::DumpJson(nlohmann::json{{"keys", keys}});
}

}  // namespace atlas::auth
