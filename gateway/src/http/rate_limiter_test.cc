#include "gateway/http/rate_limiter.h"

#include "gtest/gtest.h"

namespace atlas::gateway::http {
namespace {

TEST(RateLimiterTest, BurstThenSteadyRate) {
  RateLimiter limiter({.rate = 2, .burst = 3, .max_keys = 10});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("ip:a", 0), 0) << i;
  EXPECT_EQ(limiter.Take("ip:a", 0), 1);  // empty: one more in 0.5 s -> "1 s"
  EXPECT_EQ(limiter.Take("ip:b", 0), 0) << "keys are independent";
  EXPECT_EQ(limiter.Take("ip:a", 500), 0) << "earned one back";
  EXPECT_GT(limiter.Take("ip:a", 500), 0);
  EXPECT_EQ(limiter.Take("ip:a", 10'000), 0) << "refilled";
}

TEST(RateLimiterTest, RetryAfterGrowsAsTheRateShrinks) {
  RateLimiter limiter({.rate = 0.1, .burst = 1, .max_keys = 10});
  EXPECT_EQ(limiter.Take("k", 0), 0);
  EXPECT_EQ(limiter.Take("k", 0), 10);
  EXPECT_EQ(limiter.Take("k", 5'000), 5);
}

TEST(RateLimiterTest, ZeroRateIsUnlimited) {
  RateLimiter limiter({.rate = 0, .burst = 0, .max_keys = 10});
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Take("k", 0), 0);
}

TEST(RateLimiterTest, MemoryStaysBoundedAndFailsOpen) {
  RateLimiter limiter({.rate = 1, .burst = 1, .max_keys = 100});
  for (int i = 0; i < 10'000; ++i) limiter.Take("ip:" + std::to_string(i), 0);
  // A key evicted under pressure starts with a full bucket again.
  EXPECT_EQ(limiter.Take("ip:0", 0), 0);
}

}  // namespace
}  // namespace atlas::gateway::http
