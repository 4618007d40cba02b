#include "atlas/core/paging.h"

#include "gtest/gtest.h"

namespace atlas::core {
namespace {

TEST(PagingTest, TokenRoundTripAndForgeriesRejected) {
  auto pos = DecodePageToken(EncodePageToken(42));
  ASSERT_TRUE(pos.ok());
  EXPECT_EQ(*pos, 42);
  EXPECT_EQ(DecodePageToken("garbage!").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePageToken("djI6NDI").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PagingTest, PageSizeRules) {
  EXPECT_EQ(ParsePageRequest(0, "", 50, 1000)->limit, 50);
  EXPECT_EQ(ParsePageRequest(5000, "", 50, 1000)->limit, 1000);
  EXPECT_EQ(ParsePageRequest(-1, "", 50, 1000).status().code(), absl::StatusCode::kInvalidArgument);
  auto r = ParsePageRequest(10, EncodePageToken(7), 50, 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->position, 7);
  EXPECT_FALSE(r->from_start);
}

}  // namespace
}  // namespace atlas::core
