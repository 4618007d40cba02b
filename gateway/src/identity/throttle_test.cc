#include "identity/throttle.h"

#include "gtest/gtest.h"

namespace atlas::gateway::identity {
namespace {

TEST(ThrottleTest, BacksOffExponentiallyAfterFreeFailures) {
  Throttle t({.free_failures = 3, .base_delay_s = 2, .max_delay_s = 60});
  const int64_t now = 1000;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("user:a", now), 0);
    t.Failure("user:a", now);
  }
  EXPECT_EQ(t.RetryAfter("user:a", now), 0) << "three free failures";
  t.Failure("user:a", now);
  EXPECT_EQ(t.RetryAfter("user:a", now), 2);
  t.Failure("user:a", now);
  EXPECT_EQ(t.RetryAfter("user:a", now), 4);
  for (int i = 0; i < 20; ++i) t.Failure("user:a", now);
  EXPECT_EQ(t.RetryAfter("user:a", now), 60) << "capped";
  EXPECT_EQ(t.RetryAfter("user:a", now + 60), 0) << "block expires";
  EXPECT_EQ(t.RetryAfter("user:b", now), 0) << "keys are independent";
}

TEST(ThrottleTest, QuietKeysStartAfresh) {
  Throttle t({.free_failures = 2, .base_delay_s = 1, .forget_after_s = 100});
  t.Failure("ip:x", 0);
  t.Failure("ip:x", 10);
  t.Failure("ip:x", 200);  // more than 100 s after the last one: counts as the first
  EXPECT_EQ(t.RetryAfter("ip:x", 200), 0);
}

TEST(ThrottleTest, SuccessClearsTheKey) {
  Throttle t({.free_failures = 1});
  t.Failure("k", 0);
  t.Failure("k", 0);
  EXPECT_GT(t.RetryAfter("k", 0), 0);
  t.Success("k");
  EXPECT_EQ(t.RetryAfter("k", 0), 0);
}

TEST(ThrottleTest, MemoryStaysBounded) {
  Throttle t({.free_failures = 0, .max_keys = 100});
  for (int i = 0; i < 1000; ++i) t.Failure("ip:" + std::to_string(i), 0);
  // The newest key is tracked; the map never held more than max_keys.
  EXPECT_GT(t.RetryAfter("ip:999", 0), 0);
}

}  // namespace
}  // namespace atlas::gateway::identity
