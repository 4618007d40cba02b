// The GeoService through its generated stub, on an in-memory read model.
#include "geo/api/geo_service.h"

#include <nlohmann/json.hpp>

#include <thread>

#include "atlas/testing/grpc.h"
#include "geo/domain/map_model_holder.h"
#include "geo/domain/map_service.h"
#include "geo/domain/memory_map_store.h"
#include "gtest/gtest.h"

namespace atlas::geo {
namespace {

MapProject Version(const std::string& name, bool published, const std::string& org, double lat,
                   double lng) {
  MapProject p;
  p.name = name;
  p.published = published;
  p.organisation = org;
  p.title = {"", "Projet " + name, ""};
  p.themes = {"skills"};
  p.regions = {"MA-02"};
  p.has_point = true;
  p.lat = lat;
  p.lng = lng;
  return p;
}

class GeoServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Put(Version("projects/public", true, "assoc-oujda", 34.68, -1.91));
    store_.Put(Version("projects/draft", false, "assoc-oujda", 34.0, -5.0));
    // The model starts loading once it exists: after the store holds the projects.
    holder_ = std::make_unique<MapModelHolder>(store_, std::chrono::milliseconds(20));
    map_ = std::make_unique<MapService>(store_, *holder_);
    api_ = std::make_unique<GeoServiceImpl>(*map_, harness_.authorizer());
    harness_.Start(api_.get());
    stub_ = v1::GeoService::NewStub(harness_.channel());
    for (int i = 0; i < 200 && !holder_->Current(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(holder_->Current()) << "the model loads at start";
  }
  MemoryMapStore store_;
  std::unique_ptr<MapModelHolder> holder_;
  std::unique_ptr<MapService> map_;
  std::unique_ptr<GeoServiceImpl> api_;
  atlas::testing::ServiceHarness harness_;  // stops serving before api_ goes
  std::unique_ptr<v1::GeoService::Stub> stub_;
};

TEST_F(GeoServiceTest, ThePublicSeesPublishedProjectsTheOwnerItsDrafts) {
  v1::GetMapFeaturesRequest req;
  req.set_bbox("-17,21,-1,36");
  req.set_zoom(12);
  api::v1::HttpBody body;
  grpc::ClientContext anonymous;
  harness_.Authenticate(anonymous, {});
  ASSERT_TRUE(stub_->GetMapFeatures(&anonymous, req, &body).ok());
  auto doc = nlohmann::json::parse(body.data());
  EXPECT_EQ(doc["total"], 1);
  EXPECT_EQ(body.content_type(), "application/geo+json; charset=utf-8");
  EXPECT_FALSE(body.etag().empty());
  grpc::ClientContext owner;
  harness_.Authenticate(owner, {"editor"}, "organisations/assoc-oujda");
  ASSERT_TRUE(stub_->GetMapFeatures(&owner, req, &body).ok());
  EXPECT_EQ(nlohmann::json::parse(body.data())["total"], 2);
  EXPECT_EQ(body.cache_control(), "private, no-cache");
}

TEST_F(GeoServiceTest, BadInputIsNamedInTheCallersLanguage) {
  v1::GetMapFeaturesRequest req;
  req.set_bbox("1,2");
  req.set_zoom(5);
  api::v1::HttpBody body;
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {}, "", "fr");
  grpc::Status s = stub_->GetMapFeatures(&ctx, req, &body);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::SearchProjectLocationsRequest search;
  search.set_bbox("-6,33,-4,35");
  v1::SearchProjectLocationsResponse found;
  grpc::ClientContext anonymous;
  harness_.Authenticate(anonymous, {});
  ASSERT_TRUE(stub_->SearchProjectLocations(&anonymous, search, &found).ok());
  EXPECT_EQ(found.locations_size(), 0) << "the draft is not public";
}

}  // namespace
}  // namespace atlas::geo
