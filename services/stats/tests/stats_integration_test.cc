// The shipped reference dataset loads with its provenance and its published total.
#include "atlas/db/migrate.h"
#include "atlas/db/pool.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"
#include "stats/store/pg_dataset_store.h"

const std::vector<atlas::db::Migration>& StatsMigrations();

namespace atlas::stats {
namespace {

TEST(StatsStoreTest, ConsularDatasetLoadedWithSourceAndTotal) {
  std::string url;
  ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
  auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("stats")});
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(db::Migrate(**pool, StatsMigrations()).ok());
  auto page = PgDatasetStore(**pool).List(10, 0);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 1u);
  const Dataset& d = page->items[0];
  EXPECT_EQ(d.id, "consular-registrations-2004");
  EXPECT_EQ(d.observation_count, 21);
  EXPECT_NE(d.source.find("Fargues"), std::string::npos);
  int64_t total = 0;
  ASSERT_TRUE((*pool)
                  ->Transact([&](pqxx::work& tx) {
                    total = tx.exec1("SELECT sum(value) FROM observations")[0].as<int64_t>();
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(total, 3089090) << "the source's published total";
}

}  // namespace
}  // namespace atlas::stats
