// The web app's files: app routes fall back to index.html, API paths and
// odd paths never do, precompressed bodies by Accept-Encoding, cache policy.
#include "gateway/http/static_files.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace atlas::gateway::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("atlas-web-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    Write("index.html", "<!doctype html><title>Atlas</title>");
    Write("assets/index-abc123.js", "console.log(1)");
    Write("assets/index-abc123.js.br", "BR");
    Write("assets/index-abc123.js.gz", "GZ");
    Write(".secret", "no");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& body) {
    std::ofstream(root_ / rel, std::ios::binary) << body;
  }
  fs::path root_;
};

TEST_F(StaticFilesTest, RoutesAndFallbacks) {
  auto files = StaticFiles::Load(root_.string());
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ((*files)->size(), 2u);  // no dot files, no .br/.gz entries
  const StaticFile* index = (*files)->Find("/");
  ASSERT_NE(index, nullptr);
  EXPECT_TRUE(index->html);
  EXPECT_EQ(index->cache_control, "no-cache");
  EXPECT_EQ((*files)->Find("/projects/0b6e4f"), index);  // an app route
  EXPECT_EQ((*files)->Find("/regions/MA-02"), index);
  const StaticFile* js = (*files)->Find("/assets/index-abc123.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(js->cache_control.find("immutable"), std::string::npos);
  for (const char* bad : {"/v1/unknown", "/assets/missing.js", "/../etc/passwd", "/.secret",
                          "/a//b", "/%2e%2e/x", "/x y", "relative", "/assets/.hidden"}) {
    EXPECT_EQ((*files)->Find(bad), nullptr) << bad;
  }
}

TEST_F(StaticFilesTest, EncodingsByAcceptEncoding) {
  auto files = StaticFiles::Load(root_.string());
  ASSERT_TRUE(files.ok());
  const StaticFile& js = *(*files)->Find("/assets/index-abc123.js");
  EXPECT_EQ(PickEncoding("gzip, deflate, br", js), "br");
  EXPECT_EQ(PickEncoding("gzip", js), "gzip");
  EXPECT_EQ(PickEncoding("br;q=0, gzip;q=0.5", js), "gzip");
  EXPECT_EQ(PickEncoding("", js), "");
  EXPECT_EQ(PickEncoding("identity", js), "");
  EXPECT_EQ(PickEncoding("br", *(*files)->Find("/")), "");  // index.html has no .br here
  EXPECT_TRUE(Accepts("gzip, br", "gzip"));
  EXPECT_FALSE(Accepts("gzip;q=0", "gzip"));
  EXPECT_FALSE(Accepts("gzipx", "gzip"));
  const std::string big(5000, 'a');
  const std::string z = Gzip(big);
  ASSERT_GT(z.size(), 10u);
  EXPECT_LT(z.size(), 200u);
  EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
}

TEST(InlineScriptHashesTest, HashesInlineScriptsOnlyAsCspSources) {
  // sha256("alert(1)") and sha256("") in base64, as `openssl dgst -sha256 -binary | base64`.
  EXPECT_EQ(InlineScriptHashes("<head><script>alert(1)</script>"
                               "<script type=\"module\" src=\"/assets/a.js\"></script></head>"
                               "<body><script></script>"),
            " 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
            " 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  EXPECT_EQ(InlineScriptHashes("<!doctype html><title>no script</title>"), "");
  EXPECT_EQ(InlineScriptHashes("<script>unterminated"), "");
}

TEST_F(StaticFilesTest, RootMustHoldAnApp) {
  EXPECT_FALSE(StaticFiles::Load((root_ / "missing").string()).ok());
  fs::remove(root_ / "index.html");
  EXPECT_FALSE(StaticFiles::Load(root_.string()).ok());
}

}  // namespace
}  // namespace atlas::gateway::http
