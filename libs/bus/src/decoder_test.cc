#include "atlas/bus/decoder.h"

#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"

namespace atlas::bus {
namespace {

TEST(DecoderTest, RunsTheHandlerOfTheEventsTypeOnItsDecodedPayload) {
  std::string seen;
  Decoder<std::string> decoder;
  decoder
      .On<google::protobuf::StringValue>(
          "test.said.v1",
          [](std::string& out, const google::protobuf::StringValue& m, const Event& e) {
            out = m.value() + "@" + e.subject;
            return absl::OkStatus();
          })
      .On<google::protobuf::Timestamp>(
          "test.timed.v1",
          [](std::string& out, const google::protobuf::Timestamp& t, const Event&) {
            out = std::to_string(t.seconds());
            return absl::OkStatus();
          });
  google::protobuf::StringValue said;
  said.set_value("hello");
  Event e{.type = "test.said.v1", .subject = "things/1", .payload = said.SerializeAsString()};
  ASSERT_TRUE(decoder.Dispatch(seen, e).ok());
  EXPECT_EQ(seen, "hello@things/1");
  // A type nobody handles is not an error, and does nothing.
  seen.clear();
  EXPECT_TRUE(decoder.Dispatch(seen, Event{.type = "test.other.v1"}).ok());
  EXPECT_EQ(seen, "");
  // A payload that is not the registered message can never apply.
  Event bad{.type = "test.timed.v1", .payload = std::string("\xff\xff\xff", 3)};
  EXPECT_EQ(decoder.Dispatch(seen, bad).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(decoder.Handles("test.said.v1"));
  EXPECT_FALSE(decoder.Handles("test.other.v1"));
}

}  // namespace
}  // namespace atlas::bus
