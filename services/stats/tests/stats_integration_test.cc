// The shipped datasets load with their provenance and published totals, and
// the cube answers what PostgreSQL's GROUP BY answers (200 random queries).
#include <map>
#include <random>

#include "atlas/db/migrate.h"
#include "atlas/db/pool.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"
#include "stats/domain/dataset_service.h"
#include "stats/store/pg_dataset_store.h"

const std::vector<atlas::db::Migration>& StatsMigrations();

namespace atlas::stats {
namespace {

class StatsPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string url;
    ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
    auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("stats")});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    ASSERT_TRUE(db::Migrate(*pool_, StatsMigrations()).ok());
    store_ = std::make_unique<PgDatasetStore>(*pool_);
    service_ = std::make_unique<DatasetService>(*store_);
  }
  std::map<std::vector<std::string>, int64_t> Sql(const std::string& sql) {
    std::map<std::vector<std::string>, int64_t> out;
    EXPECT_TRUE(pool_
                    ->Read([&](pqxx::transaction_base& tx) {
                      for (const auto& r : tx.exec(sql)) {
                        std::vector<std::string> k;
                        for (int i = 0; i + 1 < static_cast<int>(r.size()); ++i) {
                          k.push_back(r[i].as<std::string>());
                        }
                        out[k] = r[static_cast<int>(r.size()) - 1].as<int64_t>();
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    return out;
  }

  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<PgDatasetStore> store_;
  std::unique_ptr<DatasetService> service_;
};

TEST_F(StatsPgTest, TheShippedTablesLoadWithSourcesAndTheirPublishedTotals) {
  auto page = service_->List(0, "");
  ASSERT_TRUE(page.ok()) << page.status();
  std::map<std::string, Dataset> by_id;
  for (const Dataset& d : page->items) by_id[d.id] = d;
  ASSERT_EQ(by_id.size(), 5U);
  EXPECT_EQ(by_id["undesa-ims-2020"].observation_count, 1449);
  EXPECT_EQ(by_id["undesa-ims-2024"].observation_count, 59);
  EXPECT_EQ(by_id["wb-gbmd-1960-2000"].observation_count, 1600);
  for (const auto& [id, d] : by_id) {
    EXPECT_FALSE(d.source.empty()) << id;
    EXPECT_FALSE(d.title.ar.empty()) << id;
    EXPECT_EQ(d.released_version, 1) << id;
    EXPECT_FALSE(d.demo) << id;
  }
  // The sums over destinations SOURCES.md checks against an independent
  // extraction, and the consular table's published total.
  auto years = service_->Run({.dataset = "undesa-ims-2020", .group_by = {"TIME_PERIOD"}},
                             Reader{.exact = true});
  ASSERT_TRUE(years.ok()) << years.status();
  std::vector<int64_t> totals;
  for (const QueryCell& c : years->cells) totals.push_back(*c.value);
  EXPECT_EQ(totals,
            (std::vector<int64_t>{1748116, 1883924, 2077010, 2470656, 2860702, 2971770, 3262222}));
  auto consular = service_->Run({.dataset = "consular-2004"}, Reader{.exact = true});
  ASSERT_TRUE(consular.ok()) << consular.status();
  EXPECT_EQ(consular->cells.at(0).value, 3089090);
  auto wb = service_->Run({.dataset = "wb-bilateral-2013"}, Reader{.exact = true});
  ASSERT_TRUE(wb.ok());
  EXPECT_EQ(wb->cells.at(0).value, 3038999) << "countries only; 'Other North' left out";
}

TEST_F(StatsPgTest, TheCubeAnswersWhatGroupByAnswersOnRandomQueries) {
  const auto areas =
      Sql("SELECT DISTINCT key[1], 0 FROM observations WHERE dataset_id = 'undesa-ims-2020'");
  std::vector<std::string> codes;
  for (const auto& [k, v] : areas) codes.push_back(k[0]);
  ASSERT_GT(codes.size(), 60U);
  std::mt19937_64 rng(2026);
  for (int q = 0; q < 200; ++q) {
    const bool by_area = rng() % 2;
    const bool by_sex = rng() % 2;
    std::vector<std::string> chosen;
    if (rng() % 3 != 0) {
      for (int i = 0, n = 1 + static_cast<int>(rng() % 10); i < n; ++i) {
        chosen.push_back(codes[rng() % codes.size()]);
      }
    }
    Query query{.dataset = "undesa-ims-2020"};
    std::string select, where = " WHERE dataset_id = 'undesa-ims-2020' AND version = 1";
    if (by_area) {
      query.group_by.push_back("REF_AREA");
      select += "key[1], ";
    }
    if (by_sex) {
      query.group_by.push_back("SEX");
      select += "key[2], ";
    } else {
      where += " AND key[2] = '_T'";
    }
    query.group_by.push_back("TIME_PERIOD");
    select += "key[3], ";
    if (!chosen.empty()) {
      std::string f = "REF_AREA=", in;
      for (const std::string& c : chosen) {
        f += (f.back() == '=' ? "" : "+") + c;
        in += (in.empty() ? "'" : ",'") + c + "'";
      }
      query.filters.push_back(f);
      where += " AND key[1] IN (" + in + ")";
    }
    std::string group;
    for (int i = 1, n = static_cast<int>(query.group_by.size()); i <= n; ++i) {
      group += (i > 1 ? "," : "") + std::to_string(i);
    }
    const auto expected =
        Sql("SELECT " + select + "sum(value) FROM observations" + where + " GROUP BY " + group);
    auto r = service_->Run(query, Reader{.exact = true});
    ASSERT_TRUE(r.ok()) << r.status();
    std::map<std::vector<std::string>, int64_t> got;
    for (const QueryCell& c : r->cells) got[c.key] = *c.value;
    ASSERT_EQ(got, expected) << "query " << q;
  }
}

}  // namespace
}  // namespace atlas::stats
