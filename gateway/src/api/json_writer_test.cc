// The fast writer must produce the same JSON value as protobuf's printer.
#include "gateway/api/json_writer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "atlas/geo/v1/geo_service.pb.h"
#include "atlas/registry/v1/registry_service.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace atlas::gateway {
namespace {

void ExpectSameAsProtobuf(const google::protobuf::Message& msg) {
  google::protobuf::util::JsonPrintOptions opts;
  opts.always_print_primitive_fields = true;
  std::string reference;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(msg, &reference, opts).ok());
  std::string ours;
  WriteJson(msg, ours);
  auto a = nlohmann::json::parse(reference, nullptr, false);
  auto b = nlohmann::json::parse(ours, nullptr, false);
  ASSERT_FALSE(b.is_discarded()) << "not JSON: " << ours;
  EXPECT_EQ(a, b) << "protobuf: " << reference << "\nours:     " << ours;
}

TEST(JsonWriterTest, ProjectsPageWithEveryFieldKind) {
  registry::v1::ListProjectsResponse resp;
  const int32_t nanos[] = {0, 120000000, 29967000, 1};
  for (int i = 0; i < 4; ++i) {
    auto* p = resp.add_projects();
    p->set_name("projects/" + std::to_string(i));
    p->mutable_title()->set_fr(i == 1 ? "Réseau — مغاربة العالم \"quoted\" \\ <tag> \x01"
                                      : "Plain");
    if (i != 2) p->add_themes("investment");
    p->add_region_codes("MA-02");
    if (i % 2 == 0) {
      p->mutable_location()->set_latitude(34.68 + i);
      p->mutable_location()->set_longitude(-1.91e-7 * i);
    }
    p->set_state(static_cast<registry::v1::ProjectState>(i));
    p->mutable_create_time()->set_seconds(1796049223 + i);
    p->mutable_create_time()->set_nanos(nanos[i]);
  }
  resp.set_next_page_token("djE6NTA");
  ExpectSameAsProtobuf(resp);
  ExpectSameAsProtobuf(registry::v1::ListProjectsResponse());
}

TEST(JsonWriterTest, UnknownEnumValuesBoolsAndEmptyMessages) {
  registry::v1::Project p;
  p.set_state(static_cast<registry::v1::ProjectState>(42));
  ExpectSameAsProtobuf(p);
  geo::v1::SearchProjectLocationsResponse r;
  r.set_truncated(true);
  r.add_locations()->set_title("x");
  ExpectSameAsProtobuf(r);
}

TEST(JsonWriterTest, RichDescriptorProto) {
  // FileDescriptorProto exercises nested repeated messages, enums, int32,
  // bools and proto2 presence.
  google::protobuf::FileDescriptorProto file;
  registry::v1::Project::descriptor()->file()->CopyTo(&file);
  ExpectSameAsProtobuf(file);
}

TEST(JsonWriterTest, AnyIsDelegatedToProtobuf) {
  google::rpc::Status status;
  status.set_code(3);
  status.set_message("bad");
  google::rpc::BadRequest bad;
  bad.add_field_violations()->set_field("project.title");
  status.add_details()->PackFrom(bad);
  ExpectSameAsProtobuf(status);
}

}  // namespace
}  // namespace atlas::gateway
