// The read model on real PostGIS: events upsert, late events never win,
// bbox queries (including across the antimeridian) find the right points.
#include "atlas/bus/outbox.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/registry/v1/registry_service.pb.h"
#include "atlas/testing/env.h"
#include "events/registry_events.h"
#include "gtest/gtest.h"
#include "store/pg_location_store.h"

const std::vector<atlas::db::Migration>& GeoMigrations();

namespace atlas::geo {
namespace {

class GeoStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string url;
    ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
    auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("geo")});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(db::Migrate(*pool_, GeoMigrations()).ok());
  }
  void Apply(const std::string& name, const std::string& title, double lat, double lng,
             uint64_t seq, registry::v1::ProjectState state = registry::v1::DRAFT,
             const std::string& organisation = "organisations/assoc-oujda") {
    registry::events::v1::ProjectCreated created;
    created.mutable_project()->set_name(name);
    created.mutable_project()->set_state(state);
    created.mutable_project()->set_organisation(organisation);
    created.mutable_project()->mutable_title()->set_fr(title);
    created.mutable_project()->mutable_location()->set_latitude(lat);
    created.mutable_project()->mutable_location()->set_longitude(lng);
    // A published project's event carries its public version too.
    if (state == registry::v1::PUBLISHED) *created.mutable_public_version() = created.project();
    bus::Event e = bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.created.v1", name,
                                 "atlas.registry.project.created", created.SerializeAsString());
    e.stream_sequence = seq;
    ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) { return ApplyRegistryEvent(tx, e); }).ok());
  }
  std::vector<std::string> Titles(const Bbox& b, int limit = 100,
                                  const Viewer& viewer = {.sees_all = true, .organisation = ""}) {
    auto r = SearchLocations(*pool_, b, limit, viewer);
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& l : r->locations) out.push_back(l.title);
    }
    return out;
  }
  std::unique_ptr<db::Pool> pool_;
};

TEST_F(GeoStoreTest, FindsPointsInsideTheBoxOnly) {
  Apply("projects/a", "Oujda", 34.68, -1.91, 1);
  Apply("projects/b", "Paris", 48.85, 2.35, 2);
  EXPECT_EQ(Titles({-17, 20, -1, 36}), std::vector<std::string>{"Oujda"});
  EXPECT_EQ(Titles({-20, 20, 10, 50}), (std::vector<std::string>{"Oujda", "Paris"}));
}

TEST_F(GeoStoreTest, OlderEventNeverOverwritesNewer) {
  Apply("projects/a", "new title", 34.68, -1.91, 10);
  Apply("projects/a", "old title", 34.68, -1.91, 5);
  EXPECT_EQ(Titles({-180, -90, 180, 90}), std::vector<std::string>{"new title"});
}

TEST_F(GeoStoreTest, AntimeridianAndTruncation) {
  Apply("projects/f", "Fiji", -17.7, 178.0, 1);
  Apply("projects/s", "Samoa", -13.8, -172.1, 2);
  Apply("projects/o", "Oujda", 34.68, -1.91, 3);
  EXPECT_EQ(Titles({170, -30, -170, 0}), (std::vector<std::string>{"Fiji", "Samoa"}));
  auto r = SearchLocations(*pool_, {-180, -90, 180, 90}, 2, {.sees_all = true, .organisation = ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->locations.size(), 2u);
  EXPECT_TRUE(r->truncated);
}

TEST_F(GeoStoreTest, UnpublishedLocationsOnlyForTheirOrganisationAndThoseWhoSeeAll) {
  Apply("projects/d", "Draft", 34.68, -1.91, 1);
  Apply("projects/p", "Published", 34.0, -2.0, 2, registry::v1::PUBLISHED,
        "organisations/region-oriental");
  const Bbox all{-180, -90, 180, 90};
  EXPECT_EQ(Titles(all, 100, {.sees_all = false, .organisation = ""}),
            std::vector<std::string>{"Published"});
  EXPECT_EQ(Titles(all, 100, {.sees_all = false, .organisation = "region-oriental"}),
            std::vector<std::string>{"Published"});
  EXPECT_EQ(Titles(all, 100, {.sees_all = false, .organisation = "assoc-oujda"}),
            (std::vector<std::string>{"Draft", "Published"}));
  EXPECT_EQ(Titles(all).size(), 2u);
}

TEST_F(GeoStoreTest, UnreadablePayloadIsRejected) {
  bus::Event e = bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.created.v1", "x",
                               "atlas.registry.project.created", "\xff\xff\xff");
  absl::Status s = pool_->Transact([&](pqxx::work& tx) { return ApplyRegistryEvent(tx, e); });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace atlas::geo
