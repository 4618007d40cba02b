#include "geo/domain/bbox.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"

namespace atlas::geo {
namespace {

TEST(BboxTest, ParsesMoroccoBox) {
  auto b = ParseBbox("-17.1,20.7,-1.0,35.93");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(*b, (Bbox{-17.1, 20.7, -1.0, 35.93}));
  EXPECT_EQ(SplitAtAntimeridian(*b).size(), 1u);
}

TEST(BboxTest, RejectsMalformedInputWithAReason) {
  for (const char* bad : {"", "1,2,3", "1,2,3,4,5", "a,2,3,4", "1,,3,4", "nan,0,1,1", "inf,0,1,1",
                          "-181,0,1,1", "0,-91,1,1", "0,10,1,5", "1e400,0,1,1"}) {
    auto b = ParseBbox(bad);
    EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    ASSERT_EQ(core::FieldViolations(b.status()).size(), 1u) << bad;
    EXPECT_EQ(core::FieldViolations(b.status())[0].field, "bbox");
  }
}

TEST(BboxTest, SplitsAcrossTheAntimeridian) {
  auto parts = SplitAtAntimeridian({170, -10, -170, 10});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], (Bbox{170, -10, 180, 10}));
  EXPECT_EQ(parts[1], (Bbox{-180, -10, -170, 10}));
}

}  // namespace
}  // namespace atlas::geo
