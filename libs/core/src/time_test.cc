#include "atlas/core/time.h"

#include "gtest/gtest.h"

namespace atlas::core {
namespace {

TEST(TimeTest, FormatsUtcWithTheRequestedPrecision) {
  const auto t = std::chrono::system_clock::time_point(std::chrono::microseconds(1796049223029967));
  EXPECT_EQ(FormatRfc3339(t, 6), "2026-11-30T14:33:43.029967Z");
  EXPECT_EQ(FormatRfc3339(t, 3), "2026-11-30T14:33:43.029Z");
  EXPECT_EQ(FormatRfc3339(t, 0), "2026-11-30T14:33:43Z");
}

}  // namespace
}  // namespace atlas::core
