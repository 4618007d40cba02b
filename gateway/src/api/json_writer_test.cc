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

// The JSON of wire bytes, each listed element written once through the memo,
// is what parsing them and WriteJson write — fields in any order, elements
// repeated, small and large, the memo cold and warm, and bounded.
TEST(JsonWriterTest, WireBytesThroughTheMemoWriteWhatTheMessageWrites) {
  registry::v1::ListProjectsResponse page;
  for (int i = 0; i < 6; ++i) {
    auto* p = page.add_projects();
    p->set_name("projects/" + std::to_string(i % 4));  // two repeated
    p->mutable_title()->set_fr("Projet " + std::to_string(i % 4));
    p->mutable_summary()->set_fr(std::string(300, static_cast<char>('a' + i % 4)));  // large
    p->mutable_create_time()->set_seconds(1796049223 + i % 4);
  }
  auto* facet = page.add_facets();  // small elements: written with the rest
  facet->set_field("themes");
  facet->add_values()->set_value("skills");
  page.set_next_page_token("djE6NTA");
  page.set_total_size(6);
  std::string expected;
  WriteJson(page, expected);
  // Fields interleaved on the wire: the projects around the rest (parsing
  // concatenated messages merges them, repeated fields in order).
  registry::v1::ListProjectsResponse first, rest, last;
  for (int i = 0; i < 6; ++i) *(i < 3 ? first : last).add_projects() = page.projects(i);
  *rest.add_facets() = page.facets(0);
  rest.set_next_page_token(page.next_page_token());
  rest.set_total_size(page.total_size());
  const std::string wire =
      first.SerializeAsString() + rest.SerializeAsString() + last.SerializeAsString();
  JsonMemo memo(1 << 20);
  for (int round = 0; round < 2; ++round) {
    std::string got;
    ASSERT_TRUE(WriteWireJson(page.GetDescriptor(), wire, &memo, got));
    EXPECT_EQ(got, expected) << "round " << round;
  }
  const JsonMemo::Stats stats = memo.stats();
  EXPECT_EQ(stats.entries, 4U) << "one per distinct project";
  EXPECT_EQ(stats.misses, 4U);
  EXPECT_EQ(stats.hits, 8U);
  std::string without;
  ASSERT_TRUE(WriteWireJson(page.GetDescriptor(), wire, nullptr, without));
  EXPECT_EQ(without, expected);
  // Bytes that do not parse are refused, with or without the memo.
  std::string bad = wire;
  bad.resize(bad.size() - 3);
  std::string out;
  EXPECT_FALSE(WriteWireJson(page.GetDescriptor(), bad, &memo, out));
  EXPECT_FALSE(WriteWireJson(page.GetDescriptor(), "\x0a\xff\xff\xff\x0f", &memo, out));
  // Bounded: many distinct projects keep it within its bytes.
  JsonMemo small(64 << 10);
  for (int i = 0; i < 500; ++i) {
    registry::v1::ListProjectsResponse one;
    auto* p = one.add_projects();
    p->set_name("projects/" + std::to_string(i));
    p->mutable_summary()->set_fr(std::string(400, 'x'));
    std::string json;
    ASSERT_TRUE(WriteWireJson(one.GetDescriptor(), one.SerializeAsString(), &small, json));
  }
  EXPECT_LE(small.stats().bytes, size_t{64 << 10});
  EXPECT_GT(small.stats().entries, 10U);
}

}  // namespace
}  // namespace atlas::gateway
