// JWT issue and verification.
#include "atlas/auth/jwt.h"

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "absl/strings/str_cat.h"
#include "atlas/core/json.h"

namespace atlas::auth {
namespace {

using json = nlohmann::json;

absl::Status Reject(std::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid access token: ", std::string(why)));
}

// Parses JSON, refusing duplicate member names at any depth.
bool ParseStrict(std::string_view text, json* out) {
  std::vector<std::set<std::string>> seen;
  bool duplicate = false;
  json::parser_callback_t cb = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        seen.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!seen.empty()) seen.pop_back();
        break;
      case json::parse_event_t::key:
        if (!seen.empty() && !seen.back().insert(parsed.get<std::string>()).second) {
          duplicate = true;
        }
        break;
      default:
        break;
    }
    return true;
  };
  *out = json::parse(text, cb, /*allow_exceptions=*/false);
  return !out->is_discarded() && out->is_object() && !duplicate;
}

// A NumericDate member, or nullopt if absent; false if present but not a number.
bool ReadTime(const json& obj, const char* name, int64_t* out, bool* present) {
  auto it = obj.find(name);
  *present = it != obj.end();
  if (!*present) return true;
  if (!it->is_number()) return false;
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < 0 || v > 1e12) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// ES256 signatures are r || s (32 bytes each); OpenSSL wants DER.
std::string EcdsaDer(const std::string& raw) {
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  std::string der;
  if (sig != nullptr && r != nullptr && s != nullptr && ECDSA_SIG_set0(sig, r, s) == 1) {
    r = s = nullptr;  // owned by sig now
    unsigned char* out = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &out);
    if (len > 0) der.assign(reinterpret_cast<char*>(out), static_cast<size_t>(len));
    OPENSSL_free(out);
  }
  BN_free(r);
  BN_free(s);
  ECDSA_SIG_free(sig);
  return der;
}

bool VerifySignature(const VerifyKey& key, std::string_view input, const std::string& sig) {
  if (key.algorithm == Algorithm::kEdDSA) {
    return sig.size() == crypto_sign_BYTES &&
           crypto_sign_verify_detached(
               reinterpret_cast<const unsigned char*>(sig.data()),
               reinterpret_cast<const unsigned char*>(input.data()), input.size(),
               reinterpret_cast<const unsigned char*>(key.ed25519.data())) == 0;
  }
  std::string der = sig;
  if (key.algorithm == Algorithm::kES256) {
    if (sig.size() != 64) return false;
    der = EcdsaDer(sig);
    if (der.empty()) return false;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      ctx != nullptr &&
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.pkey.get()) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

}  // namespace

std::string IssueToken(const Claims& c, const SigningKey& key) {
  json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key.kid()}};
  json payload = {{"iss", c.issuer},
                  {"sub", c.subject},
                  {"aud", c.audience},
                  {"iat", c.issued_at},
                  {"exp", c.expires_at}};
  if (c.not_before != 0) payload["nbf"] = c.not_before;
  if (!c.organisation.empty()) payload["org"] = c.organisation;
  if (!c.username.empty()) payload["preferred_username"] = c.username;
  if (!c.roles.empty()) payload["roles"] = c.roles;
  if (!c.token_id.empty()) payload["jti"] = c.token_id;
  std::string signing_input = absl::StrCat(Base64UrlEncode(core::DumpJson(header)), ".",
                                           Base64UrlEncode(core::DumpJson(payload)));
  const std::string sig = key.Sign(signing_input);
  return absl::StrCat(signing_input, ".", Base64UrlEncode(sig));
}

std::string_view TimeClaimsRejection(const Claims& c, const VerifyOptions& opt) {
  // An absent nbf or iat reads as 0, which no clock is ever before.
  if (opt.now >= c.expires_at + opt.leeway_s) return "expired";
  if (opt.now + opt.leeway_s < c.not_before) return "not yet valid";
  if (opt.now + opt.leeway_s < c.issued_at) return "issued in the future";
  return "";
}

absl::StatusOr<Claims> VerifyToken(std::string_view token, const KeySet& keys,
                                   const VerifyOptions& opt) {
  if (token.empty()) return Reject("empty");
  if (token.size() > opt.max_length) return Reject("too long");
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Reject("not three dot-separated parts");
  }
  auto header_raw = Base64UrlDecode(token.substr(0, dot1));
  auto payload_raw = Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = Base64UrlDecode(token.substr(dot2 + 1));
  if (!header_raw.ok() || !payload_raw.ok() || !sig.ok()) return Reject("bad base64url");

  json header;
  if (!ParseStrict(*header_raw, &header)) return Reject("header is not a JSON object");
  auto alg = header.find("alg");
  Algorithm algorithm;
  if (alg == header.end() || !alg->is_string()) return Reject("no algorithm");
  if (*alg == "EdDSA") {
    algorithm = Algorithm::kEdDSA;
  } else if (*alg == "RS256") {
    algorithm = Algorithm::kRS256;
  } else if (*alg == "ES256") {
    algorithm = Algorithm::kES256;
  } else {
    return Reject("unsupported algorithm");  // none, HS*, anything else
  }
  if (header.contains("crit")) return Reject("unsupported critical header");
  auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string()) return Reject("no key id");
  const VerifyKey* key = keys.Find(kid->get<std::string>());
  if (key == nullptr) return Reject("unknown key id");
  // The key decides the algorithm; the token only has to agree.
  if (key->algorithm != algorithm) return Reject("algorithm does not match the key");
  if (!VerifySignature(*key, token.substr(0, dot2), *sig)) {
    return Reject("signature does not verify");
  }

  json payload;
  if (!ParseStrict(*payload_raw, &payload)) return Reject("payload is not a JSON object");
  Claims c;
  auto str = [&](const char* name, std::string* out) {
    auto it = payload.find(name);
    if (it == payload.end()) return true;
    if (!it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
  };
  if (!str("iss", &c.issuer) || !str("sub", &c.subject) || !str("org", &c.organisation) ||
      !str("jti", &c.token_id) || !str("preferred_username", &c.username)) {
    return Reject("a string claim has another type");
  }
  bool has_exp = false, has_nbf = false, has_iat = false;
  if (!ReadTime(payload, "exp", &c.expires_at, &has_exp) ||
      !ReadTime(payload, "nbf", &c.not_before, &has_nbf) ||
      !ReadTime(payload, "iat", &c.issued_at, &has_iat)) {
    return Reject("a time claim is not a number of seconds");
  }
  if (!has_exp) return Reject("no expiry");
  if (std::string_view why = TimeClaimsRejection(c, opt); !why.empty()) return Reject(why);
  if (c.issuer != opt.issuer) return Reject("wrong issuer");
  auto aud = payload.find("aud");
  bool audience_ok = false;
  if (aud != payload.end() && aud->is_string()) {
    audience_ok = *aud == opt.audience;
    c.audience = aud->get<std::string>();
  } else if (aud != payload.end() && aud->is_array()) {
    for (const auto& a : *aud) {
      if (a.is_string() && a == opt.audience) {
        audience_ok = true;
        c.audience = opt.audience;
      }
    }
  }
  if (!audience_ok) return Reject("wrong audience");
  if (c.subject.empty()) return Reject("no subject");
  auto roles = payload.find("roles");
  if (roles != payload.end()) {
    if (!roles->is_array()) return Reject("roles is not an array");
    for (const auto& r : *roles) {
      if (!r.is_string()) return Reject("a role is not a string");
      c.roles.push_back(r.get<std::string>());
    }
  }
  return c;
}

}  // namespace atlas::auth
