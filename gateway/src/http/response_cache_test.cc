#include "gateway/http/response_cache.h"

#include <gtest/gtest.h>

namespace atlas::gateway::http {
namespace {

using namespace std::chrono_literals;

ResponseCache::Answer Of(std::string body) {
  return {std::move(body), "", {{"ETag", "\"x\""}}, "/v1/projects"};
}

TEST(ResponseCacheTest, StoresFindsAndInvalidatesByTag) {
  ResponseCache cache(1 << 20, 60s);
  const uint64_t stamp = cache.Stamp();
  ASSERT_TRUE(cache.Store("/v1/projects|fr", Of("list"), {"projects"}, stamp));
  ASSERT_TRUE(cache.Store("/v1/projects/a|fr", Of("sheet a"), {"project:a"}, stamp));
  ASSERT_TRUE(cache.Store("/v1/map/projects|fr", Of("map"), {"map"}, stamp));
  ASSERT_NE(cache.Find("/v1/projects|fr"), nullptr);
  EXPECT_EQ(cache.Find("/v1/projects/a|fr")->body, "sheet a");
  cache.Invalidate({"projects", "project:a"});
  EXPECT_EQ(cache.Find("/v1/projects|fr"), nullptr);
  EXPECT_EQ(cache.Find("/v1/projects/a|fr"), nullptr);
  EXPECT_NE(cache.Find("/v1/map/projects|fr"), nullptr);  // another tag
  const auto s = cache.stats();
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.hits, 3u);
  EXPECT_EQ(s.misses, 2u);
}

TEST(ResponseCacheTest, AnAnswerAskedBeforeAnInvalidationIsNotStored) {
  ResponseCache cache(1 << 20, 60s);
  const uint64_t stamp = cache.Stamp();  // the request leaves for the backend
  cache.Invalidate({"projects"});        // the event arrives meanwhile
  EXPECT_FALSE(cache.Store("/v1/projects|fr", Of("old list"), {"projects"}, stamp));
  EXPECT_EQ(cache.Find("/v1/projects|fr"), nullptr);
  EXPECT_TRUE(cache.Store("/v1/projects|fr", Of("new list"), {"projects"}, cache.Stamp()));
}

TEST(ResponseCacheTest, StaysWithinItsBytesEvictingTheLeastRecentlyUsed) {
  ResponseCache cache(64 * 1024, 60s);
  const std::string body(1000, 'x');
  for (int i = 0; i < 100000; ++i) {
    cache.Store("/v1/projects?page=" + std::to_string(i), Of(body), {"projects"}, cache.Stamp());
    if (i == 10) {
      ASSERT_NE(cache.Find("/v1/projects?page=0"), nullptr);  // kept in use
    }
  }
  const auto s = cache.stats();
  EXPECT_LE(s.bytes, 64u * 1024);
  EXPECT_GT(s.evictions, 99000u);
  EXPECT_NE(cache.Find("/v1/projects?page=99999"), nullptr);
  EXPECT_EQ(cache.Find("/v1/projects?page=1"), nullptr);
}

TEST(ResponseCacheTest, RefusesAnswersLargerThanAnEighthAndForgetsOldOnes) {
  ResponseCache cache(8000, 60s);
  EXPECT_FALSE(cache.Store("big", Of(std::string(2000, 'x')), {"projects"}, cache.Stamp()));
  const auto t0 = ResponseCache::Clock::now();
  ASSERT_TRUE(cache.Store("small", Of("x"), {"projects"}, cache.Stamp(), t0));
  EXPECT_NE(cache.Find("small", t0 + 59s), nullptr);
  EXPECT_EQ(cache.Find("small", t0 + 61s), nullptr);  // a lost event costs at most max_age
  EXPECT_EQ(cache.stats().entries, 0u);
}

}  // namespace
}  // namespace atlas::gateway::http
