// The PostgreSQL store on the real database: the row and its outbox event
// commit together; an idempotent retry writes neither.
#include "api/registry_service.h"
#include "atlas/bus/outbox.h"
#include "atlas/db/pool.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"
#include "store/pg_project_store.h"

const std::vector<atlas::db::Migration>& RegistryMigrations();

namespace atlas::registry {
namespace {

class PgProjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string url;
    ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
    auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("registry")});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(db::Migrate(*pool_, bus::Migrations()).ok());
    ASSERT_TRUE(db::Migrate(*pool_, RegistryMigrations()).ok());
    store_ = std::make_unique<PgProjectStore>(
        *pool_, PgProjectStore::Encoders{EncodeProjectCreated, EncodeProjectUpdated},
        [this] { ++wakes_; });
  }
  int Outbox() {
    int n = -1;
    EXPECT_TRUE(pool_
                    ->Transact([&](pqxx::work& tx) {
                      n = tx.exec1("SELECT count(*) FROM outbox")[0].as<int>();
                      return absl::OkStatus();
                    })
                    .ok());
    return n;
  }
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<PgProjectStore> store_;
  int wakes_ = 0;
};

TEST_F(PgProjectStoreTest, CreateWritesRowAndEventTogether) {
  Project p;
  p.title = "Réseau des compétences — مغاربة العالم";
  p.themes = {"skills", "research_data"};
  p.region_codes = {"MA-02", "MA-06"};
  p.location = LatLng{34.68, -1.91};
  p.organisation = "assoc-oujda";
  auto created = store_->Create(p, "");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(Outbox(), 1);
  EXPECT_EQ(wakes_, 1);
  auto got = store_->Get(created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, p.title);
  EXPECT_EQ(got->themes, p.themes);
  EXPECT_EQ(got->region_codes, p.region_codes);
  EXPECT_EQ(got->location, p.location);
  EXPECT_EQ(got->state, State::kDraft);
  EXPECT_EQ(got->organisation, "assoc-oujda");
  EXPECT_GT(got->create_time_us, 0);
}

TEST_F(PgProjectStoreTest, RetryWithSameRequestIdReturnsTheFirstProject) {
  Project p;
  p.title = "Once";
  auto a = store_->Create(p, "req-42");
  auto b = store_->Create(p, "req-42");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(Outbox(), 1);
}

TEST_F(PgProjectStoreTest, MissingProjectIsNotFoundAndEmptyListHasNoNextPage) {
  EXPECT_EQ(store_->Get("00000000-0000-4000-8000-000000000000").status().code(),
            absl::StatusCode::kNotFound);
  auto page = store_->List(10, 0, Viewer{.sees_all = true, .organisation = "ministry"});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty());
  EXPECT_FALSE(page->more);
}

TEST_F(PgProjectStoreTest, ListShowsDraftsOnlyToTheirOrganisationAndToThoseWhoSeeAll) {
  for (const char* org : {"assoc-oujda", "region-oriental"}) {
    Project p;
    p.title = std::string("Draft of ") + org;
    p.organisation = org;
    ASSERT_TRUE(store_->Create(p, "").ok());
  }
  const auto titles = [&](const Viewer& v) {
    std::vector<std::string> out;
    auto page = store_->List(10, 0, v);
    if (!page.ok()) return out;
    for (const auto& p : page->items) out.push_back(p.title);
    return out;
  };
  EXPECT_EQ(titles({.sees_all = false, .organisation = "assoc-oujda"}),
            std::vector<std::string>{"Draft of assoc-oujda"});
  EXPECT_EQ(titles({.sees_all = false, .organisation = ""}), std::vector<std::string>{});
  EXPECT_EQ(titles({.sees_all = true, .organisation = "ministry"}).size(), 2u);
}

}  // namespace
}  // namespace atlas::registry
