// The RegistryService through its generated stub, on in-memory stores:
// the proto <-> domain mapping, authorization and status codes.
#include "registry/api/registry_service.h"

#include "atlas/testing/grpc.h"
#include "gtest/gtest.h"
#include "registry/domain/memory_project_store.h"
#include "registry/domain/memory_rooms.h"

namespace atlas::registry {
namespace {

class RegistryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_.Start(&api_);
    stub_ = v1::RegistryService::NewStub(harness_.channel());
  }
  void TearDown() override { harness_.Stop(); }  // before api_ goes

  grpc::Status Create(const std::vector<std::string>& roles, v1::Project* out,
                      const std::string& language = "en") {
    grpc::ClientContext ctx;
    harness_.Authenticate(ctx, roles, "organisations/assoc-oujda", language);
    v1::CreateProjectRequest req;
    req.mutable_project()->mutable_title()->set_fr("Maison de l'investissement");
    req.mutable_project()->add_themes("investment");
    req.mutable_project()->add_region_codes("MA-02");
    req.mutable_project()->set_status(v1::IMPLEMENTATION);
    return stub_->CreateProject(&ctx, req, out);
  }

  MemoryProjectStore store_;
  ProjectService projects_{store_, store_};
  MemoryThemeStore theme_store_;
  ThemeService themes_{theme_store_};
  atlas::testing::ServiceHarness harness_;
  RegistryServiceImpl api_{{.projects = &projects_, .themes = &themes_}, harness_.authorizer()};
  std::unique_ptr<v1::RegistryService::Stub> stub_;
};

TEST_F(RegistryServiceTest, AnEditorCreatesADraftOnlyTheirOrganisationSees) {
  v1::Project created;
  grpc::Status s = Create({"editor"}, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.name().rfind("projects/", 0), 0U) << created.name();
  EXPECT_EQ(created.etag(), "r1");
  EXPECT_EQ(created.organisation(), "organisations/assoc-oujda");

  grpc::ClientContext anonymous;
  harness_.Authenticate(anonymous, {});
  v1::GetProjectRequest get;
  get.set_name(created.name());
  v1::Project seen;
  EXPECT_EQ(stub_->GetProject(&anonymous, get, &seen).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(RegistryServiceTest, AStaleEtagIsRefusedInTheCallersLanguage) {
  v1::Project created;
  ASSERT_TRUE(Create({"editor"}, &created).ok());
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {"editor"}, "organisations/assoc-oujda", "fr");
  v1::UpdateProjectRequest req;
  req.mutable_project()->set_name(created.name());
  req.mutable_project()->set_etag("r7");
  req.mutable_project()->mutable_title()->set_fr("Autre titre");
  req.mutable_update_mask()->add_paths("title");
  v1::Project updated;
  grpc::Status s = stub_->UpdateProject(&ctx, req, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
}

TEST_F(RegistryServiceTest, AnonymousWritesAndRoomsNotServedAreRefused) {
  v1::Project created;
  EXPECT_EQ(Create({}, &created).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // The taxonomy is the administrators' (everyone else reads it through
  // ListVocabularies); consultations are not wired in this process.
  grpc::ClientContext anonymous;
  harness_.Authenticate(anonymous, {});
  v1::ListThemesResponse listed;
  EXPECT_EQ(stub_->ListThemes(&anonymous, v1::ListThemesRequest(), &listed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext admin;
  harness_.Authenticate(admin, {"admin"});
  EXPECT_TRUE(stub_->ListThemes(&admin, v1::ListThemesRequest(), &listed).ok());
  grpc::ClientContext consultations;
  harness_.Authenticate(consultations, {"validator"});
  v1::ListConsultationsResponse none;
  EXPECT_EQ(
      stub_->ListConsultations(&consultations, v1::ListConsultationsRequest(), &none).error_code(),
      grpc::StatusCode::UNIMPLEMENTED);
}

}  // namespace
}  // namespace atlas::registry
