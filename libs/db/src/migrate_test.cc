// Migrations against the real PostgreSQL, including concurrent migrators.
#include "atlas/db/migrate.h"

#include <thread>

#include "atlas/db/pool.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"

namespace atlas::db {
namespace {

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url_);
    schema_ = atlas::testing::UniqueName("mig");
  }
  std::unique_ptr<Pool> Open() {
    auto pool = Pool::Open({.url = url_, .schema = schema_, .size = 2});
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? *std::move(pool) : nullptr;
  }
  std::string url_, schema_;
};

const std::vector<Migration> kMigrations = {
    {"0001_init.sql", "CREATE TABLE items (id int PRIMARY KEY);"},
    {"0002_more.sql", "ALTER TABLE items ADD COLUMN label text;"}};

TEST_F(MigrateTest, AppliesOnceEvenWithConcurrentMigrators) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a && b);
  absl::Status sa, sb;
  std::thread ta([&] { sa = Migrate(*a, kMigrations); });
  std::thread tb([&] { sb = Migrate(*b, kMigrations); });
  ta.join();
  tb.join();
  EXPECT_TRUE(sa.ok()) << sa;
  EXPECT_TRUE(sb.ok()) << sb;
  int applied = 0;
  ASSERT_TRUE(a->Transact([&](pqxx::work& tx) {
                 applied = tx.exec1("SELECT count(*) FROM schema_migrations")[0].as<int>();
                 tx.exec0("INSERT INTO items (id, label) VALUES (1, 'x')");
                 return absl::OkStatus();
               }).ok());
  EXPECT_EQ(applied, 2);
}

TEST_F(MigrateTest, RefusesAnEditedMigration) {
  auto pool = Open();
  ASSERT_TRUE(pool);
  ASSERT_TRUE(Migrate(*pool, kMigrations).ok());
  std::vector<Migration> edited = kMigrations;
  edited[0].sql = "CREATE TABLE items (id bigint PRIMARY KEY);";
  absl::Status s = Migrate(*pool, edited);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("0001_init.sql"), std::string::npos);
}

TEST_F(MigrateTest, FailedMigrationLeavesNothingBehind) {
  auto pool = Open();
  ASSERT_TRUE(pool);
  std::vector<Migration> bad = {{"0001_bad.sql", "CREATE TABLE half (id int); SELEC oops;"}};
  EXPECT_FALSE(Migrate(*pool, bad).ok());
  bool exists = true;
  ASSERT_TRUE(pool->Transact([&](pqxx::work& tx) {
                    exists =
                        tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", schema_ + ".half")[0]
                            .as<bool>();
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_FALSE(exists);
}

}  // namespace
}  // namespace atlas::db
