#include "atlas/auth/jwt.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
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

  SigningKey key_ = SigningKey::Generate("k1");
  KeySet keys_;
  Claims claims_;
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
  EXPECT_EQ(confused.status().message(), "invalid access token: algorithm is not EdDSA");
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

}  // namespace
}  // namespace atlas::auth
