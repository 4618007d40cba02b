// The read model on real PostGIS: events upsert, late events never win,
// bbox queries (including across the antimeridian) find the right points.
#include "atlas/bus/outbox.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/registry/v1/registry_service.pb.h"
#include "atlas/testing/env.h"
#include "geo/events/registry_events.h"
#include "geo/store/pg_location_store.h"
#include "geo/store/reference_store.h"
#include "gtest/gtest.h"

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
    ASSERT_TRUE(
        pool_->Transact([&](pqxx::work& tx) { return RegistryEvents().Dispatch(tx, e); }).ok());
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

// The rows of the read model, as text, to compare states.
std::vector<std::string> Rows(db::Pool& pool) {
  std::vector<std::string> out;
  EXPECT_TRUE(pool.Read([&](pqxx::transaction_base& tx) {
                    for (const auto& r :
                         tx.exec("SELECT project || published::text || event_seq::text || "
                                 "COALESCE(public.ST_AsText(location), '') || attrs::text "
                                 "FROM project_locations ORDER BY project, published")) {
                      out.push_back(r[0].as<std::string>());
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  return out;
}

TEST_F(GeoStoreTest, TheSameEventTwiceChangesNothing) {
  Apply("projects/p", "Published", 34.0, -2.0, 7, registry::v1::PUBLISHED);
  const std::vector<std::string> once = Rows(*pool_);
  ASSERT_EQ(once.size(), 2u);  // public version and working copy
  Apply("projects/p", "Published", 34.0, -2.0, 7, registry::v1::PUBLISHED);
  EXPECT_EQ(Rows(*pool_), once);
  auto model = LoadModel(*pool_);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ((*model)->Select({}, {}).size(), 1u);
}

TEST_F(GeoStoreTest, ArchivingRemovesTheProjectFromThePublicModelAtEveryZoom) {
  Apply("projects/p", "Published", 34.0, -2.0, 1, registry::v1::PUBLISHED);
  Apply("projects/q", "Other", 34.1, -2.1, 2, registry::v1::PUBLISHED);
  registry::events::v1::ProjectTransitioned archived;
  archived.mutable_project()->set_name("projects/p");
  archived.mutable_project()->set_state(registry::v1::ARCHIVED);
  archived.mutable_project()->set_organisation("organisations/assoc-oujda");
  bus::Event e =
      bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.archived.v1", "projects/p",
                    "atlas.registry.project.archived", archived.SerializeAsString());
  e.stream_sequence = 3;
  ASSERT_TRUE(
      pool_->Transact([&](pqxx::work& tx) { return RegistryEvents().Dispatch(tx, e); }).ok());
  auto model = LoadModel(*pool_);
  ASSERT_TRUE(model.ok()) << model.status();
  auto index = (*model)->Index({}, {});
  for (int z = 0; z <= 18; ++z) {
    std::vector<ClusterIndex::Node> nodes;
    index->clusters.Query({-180, -85, 180, 85}, z, &nodes);
    uint32_t count = 0;
    for (const auto& n : nodes) count += n.count;
    EXPECT_EQ(count, 1u) << "zoom " << z;
  }
  ASSERT_EQ(index->placed.size(), 1u);
  EXPECT_EQ(index->placed[0].project->name, "projects/q");
}

TEST_F(GeoStoreTest, ReferenceGeographyLoadsOnceAndPlacesRegionOnlyProjects) {
  std::string file;
  ATLAS_REQUIRE_ENV("ATLAS_TEST_GEO_REFERENCE_FILE", file);
  auto loaded = LoadReferenceAreas(*pool_, file);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(*loaded, 12 + 75 + 234);  // 236 outlines, two merged into others
  auto again = LoadReferenceAreas(*pool_, file);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);  // same version: nothing to do
  // Every display geometry is valid, and every label inside its area.
  ASSERT_TRUE(pool_
                  ->Read([&](pqxx::transaction_base& tx) {
                    auto r = tx.exec(
                        "SELECT count(*) FILTER (WHERE NOT public.ST_IsValid(tile_z0) OR NOT "
                        "public.ST_IsValid(tile_z4) OR NOT public.ST_IsValid(tile_z10)), "
                        "count(*) FILTER (WHERE NOT public.ST_Intersects(label, geom)), "
                        "count(*) FILTER (WHERE level = 'region' AND population IS NULL) "
                        "FROM reference_areas");
                    EXPECT_EQ(r[0][0].as<int>(), 0);
                    EXPECT_EQ(r[0][1].as<int>(), 0);
                    EXPECT_EQ(r[0][2].as<int>(), 0);
                    // No edge spans the world (an outline crossing the antimeridian,
                    // drawn flat, is a band across the map) but Antarctica's closing
                    // edge along its southern side; Russia and Fiji reach ±180.
                    auto wide = tx.exec(
                        "SELECT DISTINCT code FROM reference_areas, "
                        "LATERAL public.ST_DumpSegments(geom) s "
                        "WHERE abs(public.ST_X(public.ST_StartPoint(s.geom)) - "
                        "public.ST_X(public.ST_EndPoint(s.geom))) > 180 ORDER BY code");
                    std::vector<std::string> codes;
                    for (const auto& row : wide) codes.push_back(row[0].as<std::string>());
                    EXPECT_EQ(codes, std::vector<std::string>{"ATA"});
                    auto reach = tx.exec(
                        "SELECT count(*) FROM reference_areas WHERE code IN ('RUS', 'FJI') "
                        "AND public.ST_XMin(geom) <= -179.9 AND public.ST_XMax(geom) >= 179.8");
                    EXPECT_EQ(reach[0][0].as<int>(), 2);
                    return absl::OkStatus();
                  })
                  .ok());
  // A project known only by its region is drawn at the region's point, flagged.
  registry::events::v1::ProjectCreated created;
  auto* p = created.mutable_project();
  p->set_name("projects/r");
  p->set_state(registry::v1::PUBLISHED);
  p->add_region_codes("MA-02");
  p->mutable_title()->set_ar("مشروع");
  *created.mutable_public_version() = *p;
  bus::Event e =
      bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.created.v1", "projects/r",
                    "atlas.registry.project.created", created.SerializeAsString());
  e.stream_sequence = 1;
  ASSERT_TRUE(
      pool_->Transact([&](pqxx::work& tx) { return RegistryEvents().Dispatch(tx, e); }).ok());
  auto model = LoadModel(*pool_);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ((*model)->areas().size(), 12u + 75 + 234);
  auto index = (*model)->Index({}, {});
  ASSERT_EQ(index->placed.size(), 1u);
  EXPECT_TRUE(index->placed[0].approximate);
  const Area* oriental = (*model)->FindArea("region", "MA-02");
  ASSERT_NE(oriental, nullptr);
  EXPECT_EQ(oriental->name[static_cast<int>(core::Lang::kAr)], "الشرقية");
  EXPECT_DOUBLE_EQ(index->placed[0].lng, oriental->label_lng);
  // Boundary tiles and area geometries come from the same tables.
  auto tile = BoundaryTile(*pool_, 5, 15, 12);
  ASSERT_TRUE(tile.ok()) << tile.status();
  EXPECT_NE(tile->find("regions"), std::string::npos);
  auto regions = AreaGeometries(*pool_, "region", 5);
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(regions->size(), 12u);
  // Every event reloads the model: the areas are read again only when the
  // reference's version changed (a replica loaded another file).
  LoadedAreas cache;
  ASSERT_TRUE(LoadModel(*pool_, &cache).ok());
  EXPECT_FALSE(cache.version.empty());
  EXPECT_EQ(cache.areas.size(), 12u + 75 + 234);
  auto sql = [&](const char* statement) {
    ASSERT_TRUE(pool_
                    ->Transact([&](pqxx::work& tx) {
                      tx.exec0(statement);
                      return absl::OkStatus();
                    })
                    .ok());
  };
  auto english_name = [](const MapModel& m) {
    return m.FindArea("region", "MA-02")->name[static_cast<int>(core::Lang::kEn)];
  };
  sql("UPDATE reference_areas SET name_en = 'Renamed' WHERE level = 'region' AND code = 'MA-02'");
  auto same = LoadModel(*pool_, &cache);
  ASSERT_TRUE(same.ok());
  EXPECT_NE(english_name(**same), "Renamed") << "same version: the areas as read before";
  sql("UPDATE reference_version SET version = version || '-next'");
  auto next = LoadModel(*pool_, &cache);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(english_name(**next), "Renamed") << "a new version: read again";
  EXPECT_EQ(LoadModel(*pool_).value()->areas().size(), 12u + 75 + 234) << "no cache: read";
}

TEST_F(GeoStoreTest, UnreadablePayloadIsRejected) {
  bus::Event e = bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.created.v1", "x",
                               "atlas.registry.project.created", "\xff\xff\xff");
  absl::Status s =
      pool_->Transact([&](pqxx::work& tx) { return RegistryEvents().Dispatch(tx, e); });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace atlas::geo
