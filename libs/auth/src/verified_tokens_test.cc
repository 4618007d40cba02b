#include "atlas/auth/verified_tokens.h"

#include "gtest/gtest.h"

namespace atlas::auth {
namespace {

constexpr int64_t kNow = 1796000000;

class VerifiedTokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(keys_.Add(key_.kid(), key_.public_key()).ok());
    claims_.issuer = "https://atlas.example";
    claims_.subject = "users/42";
    claims_.audience = "atlas";
    claims_.roles = {"editor"};
    claims_.issued_at = kNow - 10;
    claims_.expires_at = kNow + 600;
  }
  VerifyOptions Options(int64_t now = kNow) {
    return {.issuer = "https://atlas.example", .audience = "atlas", .now = now};
  }
  absl::StatusOr<Claims> Verify(const std::string& token, int64_t now = kNow) {
    return VerifyTokenCached(token, keys_, Options(now), verified_, verified_.generation());
  }
  SigningKey key_ = SigningKey::Generate("k1");
  KeySet keys_;
  Claims claims_;
  VerifiedTokens verified_{3};
};

TEST_F(VerifiedTokensTest, AVerifiedTokenIsFoundWithItsClaimsAndOnlyIt) {
  const std::string token = IssueToken(claims_, key_);
  ASSERT_TRUE(Verify(token).ok());
  EXPECT_EQ(verified_.size(), 1u);
  EXPECT_EQ(*verified_.Find(token, Options()), claims_);
  // Another token, even one differing by its last character, is not found.
  std::string other = token;
  other.back() = other.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verified_.Find(other, Options()).has_value());
  EXPECT_FALSE(Verify(other).ok());
  EXPECT_EQ(verified_.size(), 1u);  // failures are never kept
}

TEST_F(VerifiedTokensTest, TimeClaimsAreCheckedAgainAtEveryLookup) {
  const std::string token = IssueToken(claims_, key_);
  ASSERT_TRUE(Verify(token).ok());
  EXPECT_TRUE(Verify(token, kNow + 600 + 29).ok());  // within the leeway
  auto expired = Verify(token, kNow + 600 + 30);
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  Claims later = claims_;
  later.not_before = kNow + 100;
  const std::string early = IssueToken(later, key_);
  ASSERT_TRUE(Verify(early, kNow + 100).ok());
  EXPECT_FALSE(verified_.Find(early, Options(kNow)).has_value());  // not yet valid
}

TEST_F(VerifiedTokensTest, BoundedAndClearedWhenTheKeysChange) {
  for (int i = 0; i < 5; ++i) {
    Claims c = claims_;
    c.token_id = "t-" + std::to_string(i);
    ASSERT_TRUE(Verify(IssueToken(c, key_)).ok());
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
