// Server-sent events: fan-out, replay after Last-Event-ID, reset when the
// missed frames are gone or the id is from another process, subscriber cap.
#include "gateway/http/event_hub.h"

#include "gtest/gtest.h"

namespace atlas::gateway::http {
namespace {

TEST(EventHubTest, FansOutAndReplaysWhatWasMissed) {
  EventHub hub(/*keep=*/3);
  std::vector<std::string> got;
  const uint64_t sub = hub.Subscribe([&](const std::string& f) { got.push_back(f); });
  ASSERT_NE(sub, 0u);
  EXPECT_EQ(hub.Publish("project", R"({"project":"projects/a"})"), 1u);
  EXPECT_EQ(hub.Publish("project", R"({"project":"projects/b"})"), 2u);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "id: 1\nevent: project\ndata: {\"project\":\"projects/a\"}\n\n");
  hub.Unsubscribe(sub);
  hub.Publish("project", "{}");
  EXPECT_EQ(got.size(), 2u);
  // A first connection: only the retry delay.
  EXPECT_EQ(hub.Opening(std::nullopt), "retry: 3000\n\n");
  // Missed 2 and 3: both replayed.
  const std::string replay = hub.Opening(1);
  EXPECT_NE(replay.find("id: 2\n"), std::string::npos);
  EXPECT_NE(replay.find("id: 3\n"), std::string::npos);
  EXPECT_EQ(replay.find("id: 1\n"), std::string::npos);
  EXPECT_EQ(hub.Opening(3), "retry: 3000\n\n");  // up to date
}

TEST(EventHubTest, ResetWhenTheMissedFramesAreGoneOrUnknown) {
  EventHub hub(/*keep=*/2);
  for (int i = 0; i < 5; ++i) hub.Publish("project", "{}");            // keeps 4 and 5
  EXPECT_NE(hub.Opening(1).find("event: reset"), std::string::npos);   // 2, 3 lost
  EXPECT_EQ(hub.Opening(3).find("event: reset"), std::string::npos);   // 4, 5 kept
  EXPECT_NE(hub.Opening(99).find("event: reset"), std::string::npos);  // another process's id
}

TEST(EventHubTest, SubscribersAreCapped) {
  EventHub hub(8, /*max_subscribers=*/1);
  EXPECT_NE(hub.Subscribe([](const std::string&) {}), 0u);
  EXPECT_EQ(hub.Subscribe([](const std::string&) {}), 0u);
  EXPECT_EQ(hub.subscribers(), 1u);
}

}  // namespace
}  // namespace atlas::gateway::http
