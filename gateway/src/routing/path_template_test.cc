#include "gateway/routing/path_template.h"

#include "gtest/gtest.h"

namespace atlas::gateway {
namespace {

using Bindings = std::vector<std::pair<std::string, std::string>>;

TEST(PathTemplateTest, LiteralPath) {
  auto t = PathTemplate::Parse("/v1/projects");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->Match("/v1/projects"), Bindings{});
  EXPECT_FALSE(t->Match("/v1/projects/x"));
  EXPECT_FALSE(t->Match("/v1/project"));
  EXPECT_FALSE(t->Match("/v1/projects/"));
}

TEST(PathTemplateTest, ResourceNameVariable) {
  auto t = PathTemplate::Parse("/v1/{name=projects/*}");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->Match("/v1/projects/abc"), (Bindings{{"name", "projects/abc"}}));
  EXPECT_FALSE(t->Match("/v1/organisations/abc"));
  EXPECT_FALSE(t->Match("/v1/projects/abc/extra"));
  EXPECT_EQ(t->literal_count(), 2);
}

TEST(PathTemplateTest, PercentDecodingAndEncodedSlash) {
  auto t = PathTemplate::Parse("/v1/things/{id}");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->Match("/v1/things/a%20b"), (Bindings{{"id", "a b"}}));
  EXPECT_FALSE(t->Match("/v1/things/a%2Fb")) << "an encoded slash must not cross segments";
  EXPECT_FALSE(t->Match("/v1/things/%zz"));
}

TEST(PathTemplateTest, CustomVerbAndDoubleStar) {
  auto verb = PathTemplate::Parse("/v1/{name=projects/*}:submit");
  ASSERT_TRUE(verb.ok()) << verb.status();
  EXPECT_EQ(verb->verb(), "submit");
  EXPECT_EQ(verb->Match("/v1/projects/p1:submit"), (Bindings{{"name", "projects/p1"}}));
  EXPECT_FALSE(verb->Match("/v1/projects/p1"));
  auto tail = PathTemplate::Parse("/static/{path=**}");
  ASSERT_TRUE(tail.ok()) << tail.status();
  EXPECT_EQ(tail->Match("/static/a/b/c.js"), (Bindings{{"path", "a/b/c.js"}}));
}

TEST(PathTemplateTest, RejectsBadTemplates) {
  for (const char* bad : {"", "v1/x", "/v1/{name", "/v1/**/x", "/v1//x", "/v1/{}", "/v1/x:"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace atlas::gateway
