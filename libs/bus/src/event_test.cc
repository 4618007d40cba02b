#include "atlas/bus/event.h"

#include <regex>
#include <set>

#include "gtest/gtest.h"

namespace atlas::bus {
namespace {

TEST(EventTest, UuidsAreVersion4AndDistinct) {
  std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = NewUuid();
    ASSERT_TRUE(std::regex_match(u, re)) << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(EventTest, NewEventFillsAttributes) {
  Event e = NewEvent("/atlas/registry", "ma.sharaka.atlas.project.created.v1", "projects/1",
                     "atlas.registry.project.created", "x");
  EXPECT_FALSE(e.id.empty());
  EXPECT_TRUE(std::regex_match(e.time, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$)")))
      << e.time;
  EXPECT_EQ(e.subject, "projects/1");
}

}  // namespace
}  // namespace atlas::bus
