#include "gateway/api/transcode.h"

#include "atlas/core/status.h"
#include "atlas/registry/v1/registry_service.pb.h"
#include "gtest/gtest.h"

namespace atlas::gateway {
namespace {

class TranscodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = RouteTable::Build({"atlas.registry.v1.RegistryService"});
    ASSERT_TRUE(t.ok());
    table_ = *std::move(t);
  }
  const Route& RouteFor(const char* method, const char* path) {
    return *table_.Find(method, path).route;
  }
  RouteTable table_;
};

TEST_F(TranscodeTest, BodyGoesIntoTheNamedField) {
  registry::v1::CreateProjectRequest req;
  absl::Status s = BuildRequest(
      RouteFor("POST", "/v1/projects"), {}, {{"requestId", "r1"}},
      R"({"title":{"fr":"Oujda"},"location":{"latitude":34.6,"longitude":-1.9}})", &req);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(req.project().title().fr(), "Oujda");
  EXPECT_DOUBLE_EQ(req.project().location().latitude(), 34.6);
  EXPECT_EQ(req.request_id(), "r1");
}

TEST_F(TranscodeTest, BadBodiesAreFieldViolationsOnBody) {
  for (const char* body : {"{", R"({"title":{"fr":"x"},"colour":"red"})", R"({"title":42.5e999})",
                           "[]", R"({"location":{"latitude":"north"}})"}) {
    registry::v1::CreateProjectRequest req;
    absl::Status s = BuildRequest(RouteFor("POST", "/v1/projects"), {}, {}, body, &req);
    ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << body;
    ASSERT_EQ(core::FieldViolations(s).size(), 1u) << body;
    EXPECT_EQ(core::FieldViolations(s)[0].field, "body");
  }
}

TEST_F(TranscodeTest, WrongShapesNameTheField) {
  registry::v1::CreateProjectRequest req;
  absl::Status s = BuildRequest(RouteFor("POST", "/v1/projects"), {}, {},
                                R"({"themes":"investment","location":[1,2]})", &req);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  auto v = core::FieldViolations(s);
  ASSERT_EQ(v.size(), 2u) << s;
  // Reported in key order.
  EXPECT_EQ(v[0].field, "project.location");
  EXPECT_EQ(v[0].description.en, "must be a JSON object");
  EXPECT_EQ(v[0].description.fr, "doit être un objet JSON");
  EXPECT_EQ(v[1].field, "project.themes");
  EXPECT_EQ(v[1].description.en, "must be a JSON array");
}

TEST_F(TranscodeTest, TextThatIsNotUtf8IsRefusedWithoutEchoingIt) {
  registry::v1::ListProjectsRequest req;
  const Route& list = RouteFor("GET", "/v1/projects");
  absl::Status s = BuildRequest(list, {}, {{"\xFF", "1"}}, "", &req);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(core::FieldViolations(s).size(), 1u);
  EXPECT_EQ(core::FieldViolations(s)[0].field, "\\xff");
  EXPECT_EQ(core::FieldViolations(s)[0].description.en, "is not valid UTF-8");
  s = BuildRequest(list, {}, {{"q", "caf\xC3"}}, "", &req);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(s)[0].field, "q");
  registry::v1::GetProjectRequest get;
  s = BuildRequest(RouteFor("GET", "/v1/projects/x"), {{"name", "projects/\xED\xA0\x80"}}, {}, "",
                   &get);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(s)[0].field, "name");
}

TEST_F(TranscodeTest, QueryParametersAreTypedAndChecked) {
  registry::v1::ListProjectsRequest req;
  const Route& list = RouteFor("GET", "/v1/projects");
  ASSERT_TRUE(BuildRequest(list, {}, {{"page_size", "7"}, {"pageToken", "abc"}}, "", &req).ok());
  EXPECT_EQ(req.page_size(), 7);
  EXPECT_EQ(req.page_token(), "abc");
  absl::Status s = BuildRequest(list, {}, {{"page_size", "seven"}, {"colour", "red"}}, "", &req);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  auto v = core::FieldViolations(s);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].field, "page_size");
  EXPECT_EQ(v[1].field, "colour");
}

TEST_F(TranscodeTest, PathBindingsFillTheRequest) {
  registry::v1::GetProjectRequest req;
  const Route& get = RouteFor("GET", "/v1/projects/x");
  ASSERT_TRUE(BuildRequest(get, {{"name", "projects/x"}}, {}, "", &req).ok());
  EXPECT_EQ(req.name(), "projects/x");
  EXPECT_FALSE(
      BuildRequest(get, {{"name", "projects/x"}}, {{"name", "projects/y"}}, "", &req).ok());
}

TEST_F(TranscodeTest, JsonUsesLowerCamelCaseAndPrintsDefaults) {
  registry::v1::ListProjectsResponse resp;
  resp.add_projects()->mutable_title()->set_fr("A");
  std::string json = ToJson(resp);
  EXPECT_NE(json.find("\"nextPageToken\":\"\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"title\":{\"fr\":\"A\""), std::string::npos) << json;
}

}  // namespace
}  // namespace atlas::gateway
