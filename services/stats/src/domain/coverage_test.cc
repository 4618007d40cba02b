#include "stats/domain/coverage.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "stats/domain/memory_dataset_store.h"
#include "stats/domain/memory_project_counts.h"

namespace atlas::stats {
namespace {

class CoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AddSampleDataset(store_);
    projects_.counts = {{"FRA", {.active = 4, .demo = 1}},
                        {"ESP", {.active = 1}},
                        {"ITA", {.active = 2, .demo = 2}},  // no figure in the dataset
                        {"X_O", {.active = 3}}};            // not a country: left out
  }
  MemoryDatasetStore store_;
  DatasetService datasets_{store_};
  MemoryProjectCounts projects_;
};

TEST_F(CoverageTest, PersonsPerActiveProjectThenCountriesWithoutProjectsRanked) {
  auto c = CoverageOf(datasets_, projects_, "sample", "", Reader{.exact = true});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->period, "2020");  // the latest
  ASSERT_EQ(c->countries.size(), 4U);
  // ESP 700 027 persons / 1 project; FRA 1 100 007 / 4; ITA no figure; ISL none.
  EXPECT_EQ(c->countries[0].country, "ESP");
  EXPECT_DOUBLE_EQ(*c->countries[0].persons_per_project, 700027.0);
  EXPECT_EQ(c->countries[1].country, "FRA");
  EXPECT_DOUBLE_EQ(*c->countries[1].persons_per_project, 1100007.0 / 4);
  EXPECT_EQ(c->countries[2].country, "ITA");
  EXPECT_FALSE(c->countries[2].persons.has_value());  // missing, never zero
  EXPECT_FALSE(c->countries[2].persons_per_project.has_value());
  EXPECT_EQ(c->countries[3].country, "ISL");
  EXPECT_EQ(c->countries[3].projects.active, 0);
  EXPECT_EQ(*c->countries[3].persons, 4);
  EXPECT_EQ(c->projects.active, 7);
  EXPECT_EQ(c->projects.demo, 3);
}

TEST_F(CoverageTest, ThePublicGetsProtectedFiguresAndBadPeriodsAreNamed) {
  auto pub = CoverageOf(datasets_, projects_, "sample", "2010", Reader{});
  ASSERT_TRUE(pub.ok()) << pub.status();
  EXPECT_FALSE(pub->exact);
  for (const CountryCoverage& row : pub->countries) {
    if (row.persons) {
      EXPECT_EQ(*row.persons % 5, 0) << row.country;
    }
  }
  auto bad = CoverageOf(datasets_, projects_, "sample", "1999", Reader{});
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(bad.status())[0].field, "period");
  EXPECT_EQ(CoverageOf(datasets_, projects_, "nope", "", Reader{}).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace atlas::stats
