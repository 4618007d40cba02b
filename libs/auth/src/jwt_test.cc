#include "atlas/auth/jwt.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "atlas/auth/verified_tokens.h"
#include "gtest/gtest.h"

namespace atlas::auth {
namespace {

constexpr int64_t kNow = 1796000000;

class JwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(keys_.Add(key_.kid(), key_.public_key()).ok());
    claims_.issuer = "https://atlas.example";
    claims_.subject = "users/42";
    claims_.audience = "atlas";
    claims_.organisation = "organisations/7";
    claims_.username = "amina";
    claims_.roles = {"editor"};
    claims_.token_id = "t-1";
    claims_.issued_at = kNow - 10;
    claims_.expires_at = kNow + 600;
  }
  VerifyOptions Options(int64_t now = kNow) {
    return {.issuer = "https://atlas.example", .audience = "atlas", .now = now};
  }
  absl::StatusCode Verify(std::string_view token) {
    return VerifyToken(token, keys_, Options()).status().code();
  }
  // A token with arbitrary header and payload JSON, signed by `key`.
  std::string Forge(const std::string& header, const std::string& payload, const SigningKey& key) {
    std::string input = absl::StrCat(Base64UrlEncode(header), ".", Base64UrlEncode(payload));
    return absl::StrCat(input, ".", Base64UrlEncode(key.Sign(input)));
  }
  std::string Payload() {
    return absl::StrCat(R"({"iss":"https://atlas.example","sub":"users/42","aud":"atlas","exp":)",
                        kNow + 600, "}");
  }

  // VerifyTokenCached with a small VerifiedTokens (the VerifiedTokens tests).
  absl::StatusOr<Claims> Cached(const std::string& token, int64_t now = kNow) {
    return VerifyTokenCached(token, keys_, Options(now), verified_, verified_.generation());
  }
  SigningKey key_ = SigningKey::Generate("k1");
  KeySet keys_;
  Claims claims_;
  VerifiedTokens verified_{3};
};

TEST_F(JwtTest, IssuedTokenVerifiesWithEveryClaim) {
  auto got = VerifyToken(IssueToken(claims_, key_), keys_, Options());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, claims_);
}

TEST_F(JwtTest, ExpiryAndNotBeforeWithLeeway) {
  const std::string token = IssueToken(claims_, key_);
  EXPECT_TRUE(VerifyToken(token, keys_, Options(kNow + 600 + 29)).ok()) << "within leeway";
  auto expired = VerifyToken(token, keys_, Options(kNow + 600 + 30));
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(expired.status().message(), "invalid access token: expired");
  Claims later = claims_;
  later.not_before = kNow + 120;
  EXPECT_EQ(VerifyToken(IssueToken(later, key_), keys_, Options()).status().message(),
            "invalid access token: not yet valid");
  EXPECT_EQ(Verify(Forge(R"({"alg":"EdDSA","kid":"k1"})",
                         R"({"iss":"https://atlas.example","sub":"u","aud":"atlas"})", key_)),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtTest, WrongAudienceOrIssuer) {
  Claims c = claims_;
  c.audience = "other";
  EXPECT_EQ(VerifyToken(IssueToken(c, key_), keys_, Options()).status().message(),
            "invalid access token: wrong audience");
  c = claims_;
  c.issuer = "https://evil.example";
  EXPECT_EQ(VerifyToken(IssueToken(c, key_), keys_, Options()).status().message(),
            "invalid access token: wrong issuer");
  // An aud array naming us is fine.
  const std::string array_aud =
      absl::StrCat(R"({"iss":"https://atlas.example","sub":"users/1","aud":["x","atlas"],"exp":)",
                   kNow + 60, "}");
  EXPECT_TRUE(
      VerifyToken(Forge(R"({"alg":"EdDSA","kid":"k1"})", array_aud, key_), keys_, Options()).ok());
}

TEST_F(JwtTest, ForgedSignatureAndWrongKey) {
  std::string token = IssueToken(claims_, key_);
  std::string tampered = token;
  tampered[tampered.find('.') + 5] ^= 1;  // change the payload
  EXPECT_EQ(Verify(tampered), absl::StatusCode::kUnauthenticated);
  // Same kid, other key: a stolen kid does not help.
  SigningKey impostor = SigningKey::Generate("k1");
  EXPECT_EQ(VerifyToken(IssueToken(claims_, impostor), keys_, Options()).status().message(),
            "invalid access token: signature does not verify");
  SigningKey unknown = SigningKey::Generate("k9");
  EXPECT_EQ(VerifyToken(IssueToken(claims_, unknown), keys_, Options()).status().message(),
            "invalid access token: unknown key id");
}

TEST_F(JwtTest, AlgorithmNoneAndConfusionAreRejected) {
  const std::string payload = Base64UrlEncode(Payload());
  // alg=none, with and without a signature part.
  const std::string none = Base64UrlEncode(R"({"alg":"none","kid":"k1"})");
  EXPECT_EQ(Verify(absl::StrCat(none, ".", payload, ".")), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Verify(absl::StrCat(none, ".", payload)), absl::StatusCode::kUnauthenticated);
  // HS256 keyed with the (public) Ed25519 key: the classic confusion attack.
  const std::string hs =
      absl::StrCat(Base64UrlEncode(R"({"alg":"HS256","kid":"k1"})"), ".", payload);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key_.public_key().data()),
                              key_.public_key().size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(hs.data()), hs.size());
  crypto_auth_hmacsha256_final(&st, mac);
  auto confused = VerifyToken(
      absl::StrCat(hs, ".", Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), sizeof mac))),
      keys_, Options());
  EXPECT_EQ(confused.status().message(), "invalid access token: unsupported algorithm");
  for (const char* alg : {R"({"alg":"eddsa","kid":"k1"})", R"({"alg":"ES256","kid":"k1"})",
                          R"({"kid":"k1"})", R"({"alg":["EdDSA"],"kid":"k1"})"}) {
    EXPECT_EQ(Verify(Forge(alg, Payload(), key_)), absl::StatusCode::kUnauthenticated) << alg;
  }
  EXPECT_EQ(Verify(Forge(R"({"alg":"EdDSA","kid":"k1","crit":["exp"]})", Payload(), key_)),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(
      VerifyToken(Forge(R"({"alg":"EdDSA","kid":"k1"})", Payload(), key_), keys_, Options()).ok())
      << "control: the same token with the right header verifies";
}

TEST_F(JwtTest, TruncatedGarbageAndDuplicateClaims) {
  const std::string token = IssueToken(claims_, key_);
  for (std::string bad :
       {std::string(), std::string("garbage"), std::string("a.b.c"), std::string(".."),
        token.substr(0, token.size() - 3), token.substr(0, token.rfind('.')), token + "=",
        token + ".x", std::string(9000, 'a'), std::string("\xff\xfe.\x01.\x02")}) {
    EXPECT_EQ(Verify(bad), absl::StatusCode::kUnauthenticated) << bad.substr(0, 40);
  }
  // Two "sub" members: parsers disagree on which wins, so refuse.
  const std::string dup = absl::StrCat(
      R"({"iss":"https://atlas.example","sub":"users/1","sub":"users/admin","aud":"atlas","exp":)",
      kNow + 60, "}");
  EXPECT_EQ(Verify(Forge(R"({"alg":"EdDSA","kid":"k1"})", dup, key_)),
            absl::StatusCode::kUnauthenticated);
  // Wrong claim types.
  EXPECT_EQ(Verify(Forge(R"({"alg":"EdDSA","kid":"k1"})",
                         R"({"iss":"https://atlas.example","sub":"u","aud":"atlas","exp":"soon"})",
                         key_)),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtTest, KeyRotationOldAndNewKeysBothVerify) {
  SigningKey next = SigningKey::Generate("k2");
  ASSERT_TRUE(keys_.Add(next.kid(), next.public_key()).ok());
  EXPECT_TRUE(VerifyToken(IssueToken(claims_, key_), keys_, Options()).ok());
  EXPECT_TRUE(VerifyToken(IssueToken(claims_, next), keys_, Options()).ok());
}

// An external issuer's key (RSA or P-256) made with OpenSSL, its JWKS entry,
// and JWS signing with it — what Keycloak or any OIDC provider does.
class ExternalKey {
 public:
  static ExternalKey Rsa(int bits) {
    return ExternalKey(EVP_RSA_gen(static_cast<unsigned>(bits)), true);
  }
  static ExternalKey P256() { return ExternalKey(EVP_EC_gen("P-256"), false); }

  std::string Jwk(const std::string& kid) const {
    if (rsa_) {
      return absl::StrCat(R"({"kty":"RSA","use":"sig","kid":")", kid, R"(","n":")",
                          Base64UrlEncode(Bn(OSSL_PKEY_PARAM_RSA_N)), R"(","e":")",
                          Base64UrlEncode(Bn(OSSL_PKEY_PARAM_RSA_E)), R"("})");
    }
    unsigned char point[65];
    size_t len = 0;
    EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len);
    const std::string p(reinterpret_cast<char*>(point), len);
    return absl::StrCat(R"({"kty":"EC","crv":"P-256","kid":")", kid, R"(","x":")",
                        Base64UrlEncode(p.substr(1, 32)), R"(","y":")",
                        Base64UrlEncode(p.substr(33, 32)), R"("})");
  }

  std::string Sign(const std::string& header, const std::string& payload) const {
    const std::string input = absl::StrCat(Base64UrlEncode(header), ".", Base64UrlEncode(payload));
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t len = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_.get());
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    if (!rsa_) {  // DER -> r || s
      const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
      ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
      std::string raw(64, '\0');
      BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
      BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
      ECDSA_SIG_free(es);
      sig = raw;
    }
    return absl::StrCat(input, ".", Base64UrlEncode(sig));
  }

 private:
  ExternalKey(EVP_PKEY* key, bool rsa) : key_(key, EVP_PKEY_free), rsa_(rsa) {}
  std::string Bn(const char* name) const {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key_.get(), name, &bn);
    std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(bn);
    return out;
  }
  std::shared_ptr<EVP_PKEY> key_;
  bool rsa_;
};

TEST_F(JwtTest, ExternalIssuerKeysRs256AndEs256Verify) {
  const ExternalKey rsa = ExternalKey::Rsa(2048), ec = ExternalKey::P256();
  auto keys =
      KeySet::FromJwks(absl::StrCat(R"({"keys":[)", rsa.Jwk("rsa-1"), ",", ec.Jwk("ec-1"), "]}"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 2u);
  const std::string payload = Payload();
  auto rs = VerifyToken(rsa.Sign(R"({"alg":"RS256","kid":"rsa-1"})", payload), *keys, Options());
  EXPECT_TRUE(rs.ok()) << rs.status();
  auto es = VerifyToken(ec.Sign(R"({"alg":"ES256","kid":"ec-1"})", payload), *keys, Options());
  EXPECT_TRUE(es.ok()) << es.status();
  // A signature by another key of the same kind, a changed payload.
  const ExternalKey other = ExternalKey::P256();
  EXPECT_FALSE(
      VerifyToken(other.Sign(R"({"alg":"ES256","kid":"ec-1"})", payload), *keys, Options()).ok());
  std::string token = rsa.Sign(R"({"alg":"RS256","kid":"rsa-1"})", payload);
  const size_t dot = token.find('.');
  const std::string tampered =
      token.substr(0, dot + 1) +
      Base64UrlEncode(absl::StrCat(R"({"iss":"https://atlas.example",)"
                                   R"("sub":"users/1","aud":"atlas","exp":)",
                                   kNow + 600, "}")) +
      token.substr(token.find('.', dot + 1));
  EXPECT_FALSE(VerifyToken(tampered, *keys, Options()).ok());
}

TEST_F(JwtTest, AKeyVerifiesOnlyItsOwnAlgorithm) {
  const ExternalKey rsa = ExternalKey::Rsa(2048), ec = ExternalKey::P256();
  auto keys =
      KeySet::FromJwks(absl::StrCat(R"({"keys":[)", rsa.Jwk("rsa-1"), ",", ec.Jwk("ec-1"), "]}"));
  ASSERT_TRUE(keys.ok());
  // The EC key signs, the header names the RSA key (and vice versa): refused.
  auto mixed =
      VerifyToken(ec.Sign(R"({"alg":"ES256","kid":"rsa-1"})", Payload()), *keys, Options());
  EXPECT_EQ(mixed.status().message(), "invalid access token: algorithm does not match the key");
  EXPECT_FALSE(
      VerifyToken(rsa.Sign(R"({"alg":"RS256","kid":"ec-1"})", Payload()), *keys, Options()).ok());
  // PS256 and HS256 are not accepted, whatever the key.
  EXPECT_FALSE(
      VerifyToken(rsa.Sign(R"({"alg":"PS256","kid":"rsa-1"})", Payload()), *keys, Options()).ok());
}

TEST_F(JwtTest, WeakOrMalformedExternalKeysAreNotTrusted) {
  const ExternalKey weak = ExternalKey::Rsa(1024);
  EXPECT_FALSE(KeySet::FromJwks(absl::StrCat(R"({"keys":[)", weak.Jwk("weak"), "]}")).ok())
      << "RSA under 2048 bits is skipped, leaving no key";
  // A P-256 "point" that is not on the curve.
  EXPECT_FALSE(
      KeySet::FromJwks(absl::StrCat(R"({"keys":[{"kty":"EC","crv":"P-256","kid":"bad","x":")",
                                    Base64UrlEncode(std::string(32, '\x01')), R"(","y":")",
                                    Base64UrlEncode(std::string(32, '\x02')), R"("}]})"))
          .ok());
}

TEST_F(JwtTest, VerifiedTokensAVerifiedTokenIsFoundWithItsClaimsAndOnlyIt) {
  const std::string token = IssueToken(claims_, key_);
  ASSERT_TRUE(Cached(token).ok());
  EXPECT_EQ(verified_.size(), 1u);
  EXPECT_EQ(*verified_.Find(token, Options()), claims_);
  // Another token, even one differing by one character of its payload, is not found.
  std::string other = token;
  const size_t mid = token.find('.') + 5;
  other[mid] = other[mid] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verified_.Find(other, Options()).has_value());
  EXPECT_FALSE(Cached(other).ok());
  EXPECT_EQ(verified_.size(), 1u);  // failures are never kept
}

TEST_F(JwtTest, VerifiedTokensTimeClaimsAreCheckedAgainAtEveryLookup) {
  const std::string token = IssueToken(claims_, key_);
  ASSERT_TRUE(Cached(token).ok());
  EXPECT_TRUE(Cached(token, kNow + 600 + 29).ok());  // within the leeway
  auto expired = Cached(token, kNow + 600 + 30);
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  Claims later = claims_;
  later.not_before = kNow + 100;
  const std::string early = IssueToken(later, key_);
  ASSERT_TRUE(Cached(early, kNow + 100).ok());
  EXPECT_FALSE(verified_.Find(early, Options(kNow)).has_value());  // not yet valid
}

TEST_F(JwtTest, VerifiedTokensBoundedAndClearedWhenTheKeysChange) {
  for (int i = 0; i < 5; ++i) {
    Claims c = claims_;
    c.token_id = "t-" + std::to_string(i);
    ASSERT_TRUE(Cached(IssueToken(c, key_)).ok());
    EXPECT_LE(verified_.size(), 3u);
  }
  // Checked with keys that were then replaced: not kept.
  const std::string token = IssueToken(claims_, key_);
  const uint64_t before = verified_.generation();
  verified_.Clear();
  ASSERT_TRUE(VerifyTokenCached(token, keys_, Options(), verified_, before).ok());
  EXPECT_EQ(verified_.size(), 0u);
}

}  // namespace
}  // namespace atlas::auth
