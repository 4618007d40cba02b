#include "gateway/identity/throttle.h"

#include "gtest/gtest.h"

namespace atlas::gateway::identity {
namespace {

TEST(ThrottleTest, BacksOffExponentiallyAfterFreeFailures) {
  Throttle t({.free_failures = 3, .base_delay_ms = 2000, .max_delay_ms = 60000});
  const int64_t now = 1'000'000;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfterSeconds("user:a", now), 0);
    t.Failure("user:a", now);
  }
  EXPECT_EQ(t.RetryAfterSeconds("user:a", now), 0) << "three free failures";
  t.Failure("user:a", now);
  EXPECT_EQ(t.RetryAfterSeconds("user:a", now), 2);
  EXPECT_EQ(t.RetryAfterSeconds("user:a", now + 1999), 1) << "rounded up, never 0 while blocked";
  t.Failure("user:a", now);
  EXPECT_EQ(t.RetryAfterSeconds("user:a", now), 4);
  for (int i = 0; i < 20; ++i) t.Failure("user:a", now);
  EXPECT_EQ(t.RetryAfterSeconds("user:a", now), 60) << "capped";
  EXPECT_EQ(t.RetryAfterSeconds("user:a", now + 60000), 0) << "block expires";
  EXPECT_EQ(t.RetryAfterSeconds("user:b", now), 0) << "keys are independent";
}

TEST(ThrottleTest, QuietKeysStartAfresh) {
  Throttle t({.free_failures = 2, .base_delay_ms = 1000, .forget_after_ms = 100000});
  t.Failure("ip:x", 0);
  t.Failure("ip:x", 10000);
  t.Failure("ip:x", 200000);  // long after the last one: counts as the first
  EXPECT_EQ(t.RetryAfterSeconds("ip:x", 200000), 0);
}

TEST(ThrottleTest, SuccessClearsTheKey) {
  Throttle t({.free_failures = 1});
  t.Failure("k", 0);
  t.Failure("k", 0);
  EXPECT_GT(t.RetryAfterSeconds("k", 0), 0);
  t.Success("k");
  EXPECT_EQ(t.RetryAfterSeconds("k", 0), 0);
}

TEST(ThrottleTest, MemoryStaysBounded) {
  Throttle t({.free_failures = 0, .max_keys = 100});
  for (int i = 0; i < 1000; ++i) t.Failure("ip:" + std::to_string(i), 0);
  EXPECT_GT(t.RetryAfterSeconds("ip:999", 0), 0) << "the newest key is tracked";
}

}  // namespace
}  // namespace atlas::gateway::identity
