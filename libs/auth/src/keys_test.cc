#include "atlas/auth/keys.h"

#include "gtest/gtest.h"

namespace atlas::auth {
namespace {

TEST(KeysTest, Base64UrlIsStrictAndCanonical) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(*Base64UrlDecode("-_8"), "\xfb\xff");
  EXPECT_FALSE(Base64UrlDecode("-_8=").ok()) << "padding";
  EXPECT_FALSE(Base64UrlDecode("+/8").ok()) << "standard alphabet";
  EXPECT_FALSE(Base64UrlDecode("-_9").ok()) << "non-canonical trailing bits";
  EXPECT_EQ(*Base64UrlDecode(""), "");
}

TEST(KeysTest, SeedGivesTheSameKeyAndSeedsAreChecked) {
  const std::string seed(32, '\x07');
  auto a = SigningKey::FromSeed("k", seed);
  auto b = SigningKey::FromSeed("k", seed);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->public_key(), b->public_key());
  EXPECT_EQ(a->Sign("x"), b->Sign("x"));
  EXPECT_FALSE(SigningKey::FromSeed("k", "short").ok());
  EXPECT_FALSE(SigningKey::FromSeed("", seed).ok());
  EXPECT_NE(SigningKey::Generate("k").public_key(), SigningKey::Generate("k").public_key());
}

TEST(KeysTest, JwksRoundTripSkipsForeignKeys) {
  SigningKey k1 = SigningKey::Generate("k1"), k2 = SigningKey::Generate("k2");
  KeySet set;
  ASSERT_TRUE(set.Add(k1.kid(), k1.public_key()).ok());
  ASSERT_TRUE(set.Add(k2.kid(), k2.public_key()).ok());
  auto back = KeySet::FromJwks(set.ToJwks());
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_NE(back->Find("k2"), nullptr);
  EXPECT_EQ(back->Find("k2")->ed25519, k2.public_key());
  EXPECT_EQ(back->ToJwks(), set.ToJwks());
  EXPECT_EQ(set.ToJwks().find("\"d\""), std::string::npos) << "never a private part";
  auto mixed = KeySet::FromJwks(R"({"keys":[{"kty":"RSA","kid":"r","n":"x","e":"AQAB"},)"
                                R"({"kty":"OKP","crv":"X25519","kid":"x","x":"AAAA"},)" +
                                set.ToJwks().substr(9, set.ToJwks().size() - 9));
  ASSERT_TRUE(mixed.ok()) << mixed.status();
  EXPECT_EQ(mixed->size(), 2u);
}

TEST(KeysTest, MalformedJwksIsRejected) {
  for (const char* bad : {"", "[]", "{}", R"({"keys":{}})", R"({"keys":[]})",
                          R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k","x":"short"}]})",
                          R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"","x":"AAAA"}]})"}) {
    EXPECT_FALSE(KeySet::FromJwks(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace atlas::auth
