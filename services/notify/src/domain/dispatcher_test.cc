// The dispatcher: retries with back-off, dead after the schedule, counted.
#include "notify/domain/dispatcher.h"

#include <map>

#include "gtest/gtest.h"

namespace atlas::notify {
namespace {

class FakeQueue final : public DeliveryQueue {
 public:
  std::vector<Outgoing> due;
  std::map<std::string, std::pair<SendResult, std::optional<absl::Time>>> recorded;
  absl::StatusOr<std::vector<Outgoing>> Claim(int limit, absl::Duration) override {
    std::vector<Outgoing> out;
    while (!due.empty() && static_cast<int>(out.size()) < limit) {
      out.push_back(due.back());
      due.pop_back();
    }
    return out;
  }
  absl::Status Record(const std::vector<Recorded>& batch, absl::Duration) override {
    for (const auto& r : batch) recorded[r.out->id] = {r.result, r.retry_at};
    return absl::OkStatus();
  }
};

class Scripted final : public Sender {
 public:
  explicit Scripted(Outcome o) : outcome(o) {}
  Outcome outcome;
  int calls = 0;
  SendResult Send(const Outgoing&) override {
    ++calls;
    return {outcome, outcome == Outcome::kSent ? "" : "HTTP 503"};
  }
};

TEST(DispatcherTest, FailuresAreRetriedLaterThenDead) {
  FakeQueue q;
  Scripted mail(Outcome::kSent), hook(Outcome::kTransient);
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  int counted = 0;
  Dispatcher d(
      q, mail, hook, RetryPolicy{.scale = 1, .max_attempts = 3}, [&] { return now; },
      [] { return 0.5; }, [&](Channel, Outcome) { ++counted; });
  q.due = {{.id = "m", .channel = Channel::kEmail, .attempts = 1},
           {.id = "w1", .channel = Channel::kWebhook, .attempts = 1},
           {.id = "w3", .channel = Channel::kWebhook, .attempts = 3}};
  auto n = d.RunOnce(10);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(counted, 3);
  EXPECT_EQ(q.recorded["m"].first.outcome, Outcome::kSent);
  EXPECT_EQ(q.recorded["w1"].first.outcome, Outcome::kTransient);
  EXPECT_EQ(q.recorded["w1"].second, now + absl::Seconds(5));
  EXPECT_EQ(q.recorded["w3"].first.outcome, Outcome::kPermanent);
  EXPECT_FALSE(q.recorded["w3"].second.has_value());
  EXPECT_NE(q.recorded["w3"].first.error.find("gave up after 3 attempts"), std::string::npos);
}

// A batch that would outlast its lease hands the rest back unsent (not an
// attempt, not counted) instead of letting another sender take rows still
// going out.
TEST(DispatcherTest, WhatTheLeaseCannotCoverIsHandedBack) {
  FakeQueue q;
  absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  struct Slow final : Sender {
    absl::Time* clock;
    SendResult Send(const Outgoing&) override {
      *clock += absl::Seconds(15);  // each send takes its whole timeout
      return {Outcome::kSent, ""};
    }
  } slow;
  slow.clock = &now;
  int counted = 0;
  Dispatcher d(
      q, slow, slow, RetryPolicy{}, [&] { return now; }, [] { return 0.5; },
      [&](Channel, Outcome) { ++counted; }, absl::Seconds(15));
  for (int i = 0; i < 5; ++i) q.due.push_back({.id = "d" + std::to_string(i), .attempts = 1});
  ASSERT_TRUE(d.RunOnce(10).ok());
  int sent = 0, unsent = 0;
  for (const auto& [id, r] : q.recorded) {
    sent += r.first.outcome == Outcome::kSent;
    unsent += r.first.outcome == Outcome::kUnsent;
  }
  EXPECT_EQ(sent, 3);  // at 0, 15 and 30 s; one at 45 s could end past the 60 s lease
  EXPECT_EQ(unsent, 2);
  EXPECT_EQ(counted, 3);
}

}  // namespace
}  // namespace atlas::notify
