#include "atlas/rpc/authorize.h"

#include "gtest/gtest.h"

namespace atlas::rpc {
namespace {

constexpr int64_t kNow = 1796000000;
constexpr char kCreate[] = "atlas.registry.v1.RegistryService.CreateProject";
constexpr char kList[] = "atlas.registry.v1.RegistryService.ListProjects";
constexpr char kInbox[] = "atlas.notify.v1.NotifyService.ListInboxEntries";

class AuthorizerTest : public ::testing::Test {
 protected:
  std::string Token(std::vector<std::string> roles, const auth::SigningKey& key) {
    auth::Claims c;
    c.issuer = "atlas";
    c.subject = "users/1";
    c.audience = "atlas";
    c.organisation = "organisations/o";
    c.roles = std::move(roles);
    c.issued_at = kNow;
    c.expires_at = kNow + 600;
    return auth::IssueToken(c, key);
  }
  Authorizer Make() {
    auth::KeySet keys;
    EXPECT_TRUE(keys.Add(key_.kid(), key_.public_key()).ok());
    return Authorizer({.keys = keys});
  }
  auth::SigningKey key_ = auth::SigningKey::Generate("k1");
};

TEST_F(AuthorizerTest, PublicRpcsNeedNoToken) {
  Authorizer a = Make();
  auto caller = a.CheckToken("", kList, kNow);
  ASSERT_TRUE(caller.ok());
  EXPECT_TRUE(caller->anonymous);
}

TEST_F(AuthorizerTest, ProtectedRpcsNeedTheRightRole) {
  Authorizer a = Make();
  EXPECT_EQ(a.CheckToken("", kCreate, kNow).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a.CheckToken(Token({"analyst"}, key_), kCreate, kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto editor = a.CheckToken(Token({"editor"}, key_), kCreate, kNow);
  ASSERT_TRUE(editor.ok()) << editor.status();
  EXPECT_EQ(editor->organisation, "organisations/o");
  EXPECT_TRUE(a.CheckToken(Token({"analyst"}, key_), kInbox, kNow).ok());
}

TEST_F(AuthorizerTest, BadTokensAreRefusedEvenOnPublicRpcs) {
  Authorizer a = Make();
  auth::SigningKey other = auth::SigningKey::Generate("k1");
  EXPECT_EQ(a.CheckToken(Token({"admin"}, other), kList, kNow).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a.CheckToken("garbage", kList, kNow).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a.CheckToken(Token({"admin"}, key_), kCreate, kNow + 3600).status().code(),
            absl::StatusCode::kUnauthenticated)
      << "expired";
}

TEST_F(AuthorizerTest, ATokenCheckedOnceIsRefusedOnceExpiredOrItsKeyIsGone) {
  Authorizer a = Make();
  const std::string token = Token({"editor"}, key_);
  ASSERT_TRUE(a.CheckToken(token, kCreate, kNow).ok());
  ASSERT_TRUE(a.CheckToken(token, kCreate, kNow + 1).ok());  // kept: no second Ed25519 check
  EXPECT_EQ(a.CheckToken(token, kCreate, kNow + 3600).status().code(),
            absl::StatusCode::kUnauthenticated)
      << "expired, although verified before";
  // The issuer rotated: the old key is gone, so is what it verified.
  auth::SigningKey next = auth::SigningKey::Generate("k2");
  auth::KeySet rotated;
  ASSERT_TRUE(rotated.Add(next.kid(), next.public_key()).ok());
  a.SetKeys(rotated);
  EXPECT_EQ(a.CheckToken(token, kCreate, kNow).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(a.CheckToken(Token({"editor"}, next), kCreate, kNow).ok());
}

TEST_F(AuthorizerTest, WithoutKeysOnlyPublicRpcsWork) {
  Authorizer a({});
  EXPECT_TRUE(a.CheckToken("", kList, kNow).ok());
  EXPECT_EQ(a.CheckToken(Token({"admin"}, key_), kCreate, kNow).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthorizerTest, UnknownMethodsAreDenied) {
  Authorizer a = Make();
  EXPECT_EQ(a.CheckToken(Token({"admin"}, key_), "atlas.x.v1.X.Y", kNow).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace atlas::rpc
