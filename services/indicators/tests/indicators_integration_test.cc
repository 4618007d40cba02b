// Programmes page through in order, the demo flag survives the trip.
#include "atlas/db/migrate.h"
#include "atlas/db/pool.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"
#include "indicators/store/pg_programme_store.h"

const std::vector<atlas::db::Migration>& IndicatorsMigrations();

namespace atlas::indicators {
namespace {

TEST(ProgrammeStoreTest, PagesInOrderAndKeepsTheDemoFlag) {
  std::string url;
  ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
  auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("ind")});
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(db::Migrate(**pool, IndicatorsMigrations()).ok());
  ASSERT_TRUE(
      (*pool)
          ->Transact([](pqxx::work& tx) {
            tx.exec0(
                "INSERT INTO programmes (id, code, title_fr, demo) VALUES "
                "('a', '101', 'A', true), ('b', '102', 'B', false), ('c', '103', 'C', true)");
            return absl::OkStatus();
          })
          .ok());
  PgProgrammeStore store(**pool);
  auto first = store.List(2, 0);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_TRUE(first->more);
  EXPECT_TRUE(first->items[0].demo);
  EXPECT_FALSE(first->items[1].demo);
  auto second = store.List(2, first->last_position);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].code, "103");
  EXPECT_FALSE(second->more);
}

}  // namespace
}  // namespace atlas::indicators
