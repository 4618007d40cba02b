// Integration tests of the pool against the real PostgreSQL.
#include "atlas/db/pool.h"

#include <thread>

#include "atlas/testing/env.h"
#include "gtest/gtest.h"

namespace atlas::db {
namespace {

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override { ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url_); }
  std::string url_;
};

TEST_F(PoolTest, TransactCommitsOnOkAndRollsBackOnError) {
  auto pool = Pool::Open({.url = url_, .schema = atlas::testing::UniqueName("pool"), .size = 2});
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE((*pool)
                  ->Transact([](pqxx::work& tx) {
                    tx.exec0("CREATE TABLE t (v int)");
                    return absl::OkStatus();
                  })
                  .ok());
  absl::Status failed = (*pool)->Transact([](pqxx::work& tx) {
    tx.exec0("INSERT INTO t VALUES (1)");
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  int count = -1;
  ASSERT_TRUE((*pool)
                  ->Transact([&](pqxx::work& tx) {
                    count = tx.exec1("SELECT count(*) FROM t")[0].as<int>();
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(count, 0);
}

TEST_F(PoolTest, MapsUniqueViolationToAlreadyExists) {
  auto pool = Pool::Open({.url = url_, .schema = atlas::testing::UniqueName("pool"), .size = 1});
  ASSERT_TRUE(pool.ok()) << pool.status();
  absl::Status s = (*pool)->Transact([](pqxx::work& tx) {
    tx.exec0(
        "CREATE TABLE u (v int PRIMARY KEY); INSERT INTO u VALUES (1); INSERT INTO u VALUES (1)");
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(PoolTest, AcquireTimesOutWhenExhausted) {
  auto pool = Pool::Open({.url = url_,
                          .schema = atlas::testing::UniqueName("pool"),
                          .size = 1,
                          .acquire_timeout = std::chrono::milliseconds(100)});
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto held = (*pool)->Acquire();
  ASSERT_TRUE(held.ok());
  auto second = (*pool)->Acquire();
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST(StatusFromExceptionTest, ACommitOfUnknownOutcomeIsToBeSentAgain) {
  // The connection broke during COMMIT (PostgreSQL crashed): the caller sends
  // the request again with its request id (tests/system/test_faults.py).
  absl::Status s;
  try {
    throw pqxx::in_doubt_error("connection lost during commit");
  } catch (...) {
    s = StatusFromCurrentException();
  }
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  try {
    throw pqxx::broken_connection("server closed the connection");
  } catch (...) {
    s = StatusFromCurrentException();
  }
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
}

TEST(PoolOpenTest, UnreachableServerIsUnavailable) {
  auto pool = Pool::Open({.url = "postgresql://postgres@127.0.0.1:1/none", .schema = "x"});
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace atlas::db
