// Queries on the in-memory store: what is fixed, totals, and disclosure
// control that holds across tables and against differencing.
#include "stats/domain/dataset_service.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "stats/domain/memory_dataset_store.h"

namespace atlas::stats {
namespace {

class DatasetServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { AddSampleDataset(store_); }
  absl::StatusOr<QueryResult> Run(Query q, bool exact = false) {
    q.dataset = "sample";
    return service_.Run(q, Reader{.exact = exact});
  }
  std::optional<int64_t> One(Query q, bool exact = false) {
    auto r = Run(std::move(q), exact);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->cells.size() != 1) return std::nullopt;
    return r->cells[0].value;
  }

  MemoryDatasetStore store_;
  DatasetService service_{store_};
};

TEST_F(DatasetServiceTest, TotalsArePublishedNotAddedAndTimeIsNeverSummed) {
  // Grouping by sex shows the three codes; not grouping takes the total row.
  auto by_sex = Run({.group_by = {"SEX"}, .filters = {"REF_AREA=FRA"}}, true);
  ASSERT_TRUE(by_sex.ok()) << by_sex.status();
  EXPECT_EQ(by_sex->cells.size(), 3U);
  EXPECT_EQ(One({.filters = {"REF_AREA=FRA"}}, true), 1100007);
  // M+F is the total: the same cell as _T (a query string's "+" may arrive as a space).
  EXPECT_EQ(One({.filters = {"REF_AREA=FRA", "SEX=M+F"}}, true), 1100007);
  EXPECT_EQ(One({.filters = {"REF_AREA=FRA", "SEX=M F"}}, true), 1100007);
  auto mixed = Run({.filters = {"SEX=_T+M"}});
  EXPECT_EQ(mixed.status().code(), absl::StatusCode::kInvalidArgument);
  auto over_time = Run({.filters = {"TIME_PERIOD=2010+2020"}});
  EXPECT_EQ(over_time.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(core::MessageIn(over_time.status(), core::Lang::kFr).find("stocks"), std::string::npos);
  auto series = Run({.group_by = {"TIME_PERIOD"}, .start_period = "2010"}, true);
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->cells.size(), 2U);
  EXPECT_EQ(series->cells[0].key[0], "2010");
  EXPECT_EQ(series->cells[0].value, 500001 + 400002 + 300011 + 200012 + 3);
}

TEST_F(DatasetServiceTest, SubtotalsSharesAndTopN) {
  auto r = Run({.group_by = {"REF_AREA", "SEX"}, .totals = true}, true);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->cells.size(), 9U);
  // Total, by area (sex summed away = _T) and by sex (areas summed).
  EXPECT_EQ(r->margins.size(), 1U + 3U + 3U);
  EXPECT_EQ(r->margins[0].key, (std::vector<std::string>{"_T", "_T"}));
  const int64_t total = 1100007 + 700027 + 4;
  EXPECT_EQ(r->margins[0].value, total);
  for (const QueryCell& c : r->cells) {
    if (c.key == std::vector<std::string>{"FRA", "_T"}) {
      EXPECT_NEAR(*c.share, 1100007.0 / total, 1e-9);
    }
  }
  auto top = Run({.group_by = {"REF_AREA"}, .top = 1}, true);
  ASSERT_TRUE(top.ok());
  ASSERT_EQ(top->cells.size(), 1U);
  EXPECT_EQ(top->cells[0].key[0], "FRA");
}

TEST_F(DatasetServiceTest, ACellHasTheSameProtectedValueInEveryTable) {
  // France, 2020, both sexes: as a row of three tables and as a single cell.
  auto by_area = Run({.group_by = {"REF_AREA"}});
  auto by_area_sex = Run({.group_by = {"REF_AREA", "SEX"}, .filters = {"REF_AREA=FRA+ESP"}});
  auto by_time = Run({.group_by = {"TIME_PERIOD"}, .filters = {"REF_AREA=FRA"}});
  ASSERT_TRUE(by_area.ok() && by_area_sex.ok() && by_time.ok());
  const std::optional<int64_t> alone = One({.filters = {"REF_AREA=FRA", "SEX=M+F"}});
  ASSERT_TRUE(alone.has_value());
  EXPECT_EQ(by_area->cells[0].key[0], "FRA");
  EXPECT_EQ(by_area->cells[0].value, alone);
  EXPECT_EQ(by_area_sex->cells[2].key, (std::vector<std::string>{"FRA", "_T"}));
  EXPECT_EQ(by_area_sex->cells[2].value, alone);
  EXPECT_EQ(by_time->cells[1].value, alone);
  EXPECT_EQ(*alone % 5, 0);
  EXPECT_NE(*alone, 1100007) << "1100007 is not a multiple of 5: never published exact";
  // Adding an area with nothing in it does not make a new cell (no re-draw).
  store_.secret = "another secret, another draw....";
}

TEST_F(DatasetServiceTest, DifferencingTwoTotalsNeverRevealsASmallCell) {
  // Iceland's cells are 1-4. An attacker asks for all areas, then all but
  // Iceland, in every sex and period, and subtracts.
  for (const char* sex : {"M", "F", "_T"}) {
    for (const char* year : {"2010", "2020"}) {
      const std::string s = std::string("SEX=") + sex;
      const std::string t = std::string("TIME_PERIOD=") + year;
      auto all = One({.filters = {s, t}});
      auto without = One({.filters = {s, t, "REF_AREA=FRA+ESP"}});
      auto small = Run({.group_by = {"REF_AREA"}, .filters = {s, t, "REF_AREA=ISL"}});
      auto exact = One({.filters = {s, t, "REF_AREA=ISL"}}, true);
      ASSERT_TRUE(all && without && small.ok() && exact);
      ASSERT_GE(*exact, 1);
      ASSERT_LE(*exact, 4);
      EXPECT_NE(*all - *without, *exact) << sex << " " << year;
      ASSERT_EQ(small->cells.size(), 1U);
      EXPECT_NE(small->cells[0].value, exact);
      EXPECT_TRUE(small->cells[0].small);
    }
  }
}

TEST_F(DatasetServiceTest, BadQueriesNameEveryFieldAtOnce) {
  auto r = Run({.group_by = {"AGE", "SEX", "SEX"},
                .filters = {"REF_AREA=FRA+NOPE", "nonsense", "SEX=M", "SEX=F"},
                .start_period = "2030",
                .end_period = "2020",
                .top = -1});
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : core::FieldViolations(r.status())) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"groupBy", "groupBy", "filter", "filter", "top",
                                              "filter", "startPeriod"}));
  EXPECT_EQ(service_.Run({.dataset = "nope"}, Reader{}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Run({.version = 2}).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace atlas::stats
