// The shipped datasets load with their provenance and published totals, and
// the cube answers what PostgreSQL's GROUP BY answers (200 random queries).
#include <map>
#include <random>

#include "atlas/bus/outbox.h"
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
    ASSERT_TRUE(db::Migrate(*pool_, bus::Migrations()).ok());  // as the runtime does
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
  // The public sees the released tables; analysts also the demo dataset
  // whose records scripts/run imports (structure only until then).
  auto page = service_->List(0, "", Reader{});
  ASSERT_TRUE(page.ok()) << page.status();
  std::map<std::string, Dataset> by_id;
  for (const Dataset& d : page->items) by_id[d.id] = d;
  ASSERT_EQ(by_id.size(), 5U);
  auto all = service_->List(0, "", Reader{.exact = true});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->items.size(), 6U);
  EXPECT_EQ(all->items.back().id, "dioc-demo");
  EXPECT_TRUE(all->items.back().demo);
  EXPECT_EQ(all->items.back().released_version, 0);
  EXPECT_EQ(all->items.back().dimensions.size(), 8U);
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

TEST_F(StatsPgTest, AnImportIsAllOrNothingOnceAndReleasedWithItsEvent) {
  const std::string file =
      "REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,COMMENT_OBS\n"
      "ESP,_T,2025,1100000,P,\"provisional, \"\"test\"\"\"\n"
      "FRA,_T,2025,1070000,P,\n"
      "USA,_T,2025,,M,not published\n";
  auto r = service_->Import("undesa-ims-2024", ImportFormat::kLongCsv, file, false, "users/t");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version, 2);
  EXPECT_TRUE(r->created);
  auto again = service_->Import("undesa-ims-2024", ImportFormat::kLongCsv, file, false, "users/t");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version, 2);
  EXPECT_FALSE(again->created);
  // A bad file writes nothing.
  auto bad = service_->Import("undesa-ims-2024", ImportFormat::kLongCsv, file + "ESP,_T,2025,5,A\n",
                              false, "users/t");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Sql("SELECT 'n', count(*) FROM dataset_versions WHERE dataset_id = 'undesa-ims-2024'"),
            (std::map<std::vector<std::string>, int64_t>{{{"n"}, 2}}));
  // The stored draft reads back exactly, notes and missing values included.
  auto draft = store_->Observations("undesa-ims-2024", 2);
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_EQ(draft->size(), 3U);
  EXPECT_EQ((*draft)[0].note, "provisional, \"test\"");
  EXPECT_EQ((*draft)[0].status, 'P');
  EXPECT_FALSE((*draft)[2].value.has_value());
  // Released: public queries read it, the event waits in the outbox.
  auto released = service_->Release("undesa-ims-2024", 2, "users/t");
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_EQ(released->state, "released");
  EXPECT_EQ(
      Sql("SELECT type, count(*) FROM outbox GROUP BY type"),
      (std::map<std::vector<std::string>, int64_t>{{{"ma.sharaka.atlas.dataset.released.v1"}, 1}}));
  auto now = service_->Run({.dataset = "undesa-ims-2024", .filters = {"REF_AREA=ESP"}},
                           Reader{.exact = true});
  ASSERT_TRUE(now.ok()) << now.status();
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->cells.at(0).value, 1100000);
  auto before =
      service_->Run({.dataset = "undesa-ims-2024", .version = 1, .filters = {"REF_AREA=ESP"}},
                    Reader{.exact = true});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->cells.at(0).value, 1088408) << "version 1 stays queryable";
  auto diff = service_->Diff("undesa-ims-2024", 1, 2);
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->added, 3);
  EXPECT_EQ(diff->removed, 59);
}

}  // namespace
}  // namespace atlas::stats
