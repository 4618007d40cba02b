// Periodic: ticks at its interval, sooner after a failure, and stops at once.
#include "atlas/core/periodic.h"

#include <atomic>

#include "gtest/gtest.h"

namespace atlas::core {
namespace {

using std::chrono::milliseconds;

TEST(PeriodicTest, TicksUntilStoppedAndRetriesSoonerAfterAFailure) {
  std::atomic<int> ticks{0};
  Periodic p(milliseconds(20), milliseconds(1), [&] { return ++ticks > 3; });
  p.Start();
  const auto start = std::chrono::steady_clock::now();
  while (ticks < 6 && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  p.Stop();
  const int seen = ticks;
  EXPECT_GE(seen, 6);
  std::this_thread::sleep_for(milliseconds(60));
  EXPECT_EQ(ticks, seen);  // nothing after Stop()
}

TEST(PeriodicTest, StopIsPromptEvenWithALongInterval) {
  Periodic p(std::chrono::hours(1), std::chrono::hours(1), [] { return true; });
  p.Start();
  const auto start = std::chrono::steady_clock::now();
  p.Stop();
  p.Stop();  // idempotent
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

}  // namespace
}  // namespace atlas::core
