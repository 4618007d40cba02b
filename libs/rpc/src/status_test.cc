#include "atlas/rpc/status.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"

namespace atlas::rpc {
namespace {

TEST(RpcStatusTest, FieldViolationsSurviveTheRoundTrip) {
  constexpr core::Text kEmpty = {"must not be empty", "ne doit pas être vide",
                                 "يجب ألا يكون فارغًا"};
  absl::Status in = core::InvalidFields({core::Violation("project.title", kEmpty)});
  grpc::Status g = ToGrpc(in, core::Lang::kFr);
  EXPECT_EQ(g.error_message(), "project.title: ne doit pas être vide");
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(g.error_details().empty());
  absl::Status out = FromGrpc(g);
  EXPECT_EQ(out.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(core::FieldViolations(out).size(), 1u);
  EXPECT_EQ(core::FieldViolations(out)[0].field, "project.title");
  EXPECT_EQ(core::FieldViolations(out)[0].description.In(core::Lang::kFr), "ne doit pas être vide");
}

TEST(RpcStatusTest, CodesMapOneToOne) {
  EXPECT_EQ(ToGrpc(absl::NotFoundError("x")).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ToGrpc(absl::AbortedError("x")).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(FromGrpc(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(ToGrpc(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace atlas::rpc
