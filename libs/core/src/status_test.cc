#include "atlas/core/status.h"

#include "gtest/gtest.h"

namespace atlas::core {
namespace {

TEST(StatusTest, FieldViolationsRoundTrip) {
  std::vector<FieldViolation> v = {{"project.title", "must not be empty"},
                                   {"project.region_codes[0]", "unknown region \"MA-99\""}};
  absl::Status s = InvalidFields(v);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "project.title: must not be empty; project.region_codes[0]: unknown region \"MA-99\"");
  EXPECT_EQ(FieldViolations(s), v);
}

TEST(StatusTest, NoViolationsOnPlainStatus) {
  EXPECT_TRUE(FieldViolations(absl::NotFoundError("x")).empty());
}

}  // namespace
}  // namespace atlas::core
