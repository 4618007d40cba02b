#include "notify/domain/summary.h"

#include "gtest/gtest.h"

namespace atlas::notify {
namespace {

TEST(SummaryTest, NamesResourceAndVerb) {
  EXPECT_EQ(Summarize("ma.sharaka.atlas.project.created.v1", "projects/1", "Oujda hub"),
            "Project «Oujda hub» created");
  EXPECT_EQ(Summarize("ma.sharaka.atlas.project.published.v1", "projects/1", ""),
            "Project projects/1 published");
}

TEST(SummaryTest, ForeignTypesStillReadable) {
  EXPECT_EQ(Summarize("com.example.thing", "things/9", ""), "com.example.thing: things/9");
  EXPECT_EQ(Summarize("", "x", ""), ": x");
}

}  // namespace
}  // namespace atlas::notify
