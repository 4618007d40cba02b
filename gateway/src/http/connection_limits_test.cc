#include "gateway/http/connection_limits.h"

#include <vector>

#include "gtest/gtest.h"

namespace atlas::gateway::http {
namespace {

TEST(ConnectionLimitsTest, CapsPerAddressAndInAll) {
  auto limits = ConnectionLimits::Create({.per_address = 2, .total = 3});
  auto a1 = limits->TryAcquire("a");
  auto a2 = limits->TryAcquire("a");
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(limits->TryAcquire("a")) << "a's cap";
  auto b1 = limits->TryAcquire("b");
  ASSERT_TRUE(b1);
  EXPECT_FALSE(limits->TryAcquire("c")) << "the total";
  a1->Release();
  EXPECT_TRUE(limits->TryAcquire("c")) << "a slot came back (and went again)";
  EXPECT_EQ(limits->count("a"), 1);
}

TEST(ConnectionLimitsTest, TheEmptyAddressMeetsTheTotalOnly) {
  auto limits = ConnectionLimits::Create({.per_address = 1, .total = 3});
  auto p1 = limits->TryAcquire("");
  auto p2 = limits->TryAcquire("");
  auto p3 = limits->TryAcquire("");
  EXPECT_TRUE(p1 && p2 && p3);
  EXPECT_FALSE(limits->TryAcquire(""));
}

TEST(ConnectionLimitsTest, OnlyHeldAddressesAreRemembered) {
  auto limits = ConnectionLimits::Create({.per_address = 1, .total = 0});
  {
    std::vector<ConnectionLimits::Lease> held;
    for (int i = 0; i < 1000; ++i) held.push_back(*limits->TryAcquire(std::to_string(i)));
    EXPECT_EQ(limits->total(), 1000);
    EXPECT_FALSE(limits->TryAcquire("7"));
  }
  EXPECT_EQ(limits->total(), 0);
  EXPECT_EQ(limits->count("7"), 0);
}

TEST(ConnectionLimitsTest, ALeaseOutlivingItsLimitsIsSafe) {
  std::optional<ConnectionLimits::Lease> lease;
  {
    auto limits = ConnectionLimits::Create({});
    lease = limits->TryAcquire("a");
  }
  lease->Release();  // the limits object lives on through the lease
  EXPECT_FALSE(lease->held());
}

}  // namespace
}  // namespace atlas::gateway::http
