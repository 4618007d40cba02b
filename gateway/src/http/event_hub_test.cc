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

// A person's stream: only the frames that concern them and that they may
// see, pushed and replayed alike.
TEST(EventHubTest, APersonHearsOnlyWhatConcernsThemAndMayBeSeen) {
  EventHub hub(8);
  std::vector<std::string> amina, brahim, validator;
  hub.Subscribe([&](const std::string& f) { amina.push_back(f); },
                {.keys = {"user:amina", "org:assoc-a", "role:editor"}});
  hub.Subscribe([&](const std::string& f) { brahim.push_back(f); },
                {.keys = {"user:brahim", "org:assoc-b", "role:editor"}});
  hub.Subscribe([&](const std::string& f) { validator.push_back(f); },
                {.keys = {"user:val", "org:ministry", "role:validator"}});
  hub.Publish("notification", "{\"n\":1}", {.recipients = {"org:assoc-a"}});
  // Brahim is named in assoc-a's dialogue: only its own (and staff) may see it.
  hub.Publish("notification", "{\"n\":2}",
              {.recipients = {"user:brahim", "role:validator"}, .organisation = "assoc-a"});
  EXPECT_EQ(amina.size(), 1u);
  EXPECT_TRUE(brahim.empty());
  ASSERT_EQ(validator.size(), 1u);
  EXPECT_NE(validator[0].find("\"n\":2"), std::string::npos);
  // Reconnecting after nothing: Amina's first frame again, not the validator's.
  const std::string replay = hub.Opening(0, {.keys = {"user:amina", "org:assoc-a"}});
  EXPECT_NE(replay.find("\"n\":1"), std::string::npos);
  EXPECT_EQ(replay.find("\"n\":2"), std::string::npos);
}

}  // namespace
}  // namespace atlas::gateway::http
