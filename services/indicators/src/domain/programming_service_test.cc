#include "indicators/domain/programming_service.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "indicators/domain/memory_programming_store.h"

namespace atlas::indicators {
namespace {

BudgetLine Line(int year, int64_t ce, int64_t cp) {
  return {
      .key = {.programme = "p", .region = "MA-02", .action = "a", .chapter = "MDD", .year = year},
      .ce = ce,
      .cp = cp};
}

class ProgrammingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Add({.id = 1, .first_year = 2025, .state = "adopted"},
               {Line(2025, 100, 80), Line(2026, 200, 150), Line(2027, 300, 250)});
  }
  MemoryProgrammingStore store_;
  ProgrammingService service_{store_};
};

TEST_F(ProgrammingServiceTest, DraftsAreTheAnalystsAndAdoptedOnesFrozen) {
  EXPECT_EQ(service_.Versions(false)->size(), 1U);
  EXPECT_EQ(service_.SetLine(1, Line(2026, 1, 1), "r1", "u").status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto v2 = service_.Roll(1, "u");
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->first_year, 2026);
  EXPECT_EQ(service_.Versions(false)->size(), 1U);  // the public does not see the draft
  EXPECT_EQ(service_.Versions(true)->size(), 2U);
  EXPECT_EQ(service_.Lines(v2->id, "", false).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service_.Roll(v2->id, "u").status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_EQ(store_.published.size(), 1U);
  EXPECT_EQ(store_.published[0].subject, "atlas.indicators.programming.rolled");
}

TEST_F(ProgrammingServiceTest, EtagsKeepTwoAnalystsFromOverwritingEachOther) {
  auto v2 = service_.Roll(1, "u");
  ASSERT_TRUE(v2.ok());
  BudgetLine raised = Line(2026, 260, 150);
  raised.reason = "more";
  auto first = service_.SetLine(v2->id, raised, "r1", "a");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->revision, 2);
  EXPECT_EQ(service_.SetLine(v2->id, Line(2026, 1, 1), "r1", "b").status().code(),
            absl::StatusCode::kAborted);  // b read r1: a changed it since
  EXPECT_EQ(service_.SetLine(v2->id, Line(2026, 1, 1), "", "b").status().code(),
            absl::StatusCode::kAborted);  // no etag: it would overwrite an existing line
  // CP over what CE allows (cumulated 2026–2028): refused, nothing written.
  auto over = service_.SetLine(v2->id, Line(2027, 0, 900), "r1", "a");
  EXPECT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  auto changes = service_.Compare(1, v2->id, true);
  ASSERT_TRUE(changes.ok());
  // 2025 removed, 2026 changed (+60 CE, reason "more"), 2028 added.
  ASSERT_EQ(changes->size(), 3U);
  EXPECT_EQ((*changes)[1].ce_delta, 60);
  EXPECT_EQ((*changes)[1].after->reason, "more");
  ASSERT_TRUE(service_.Adopt(v2->id, "a").ok());
  EXPECT_EQ(service_.Adopt(v2->id, "a").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_.SetLine(v2->id, raised, "r2", "a").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_.published.back().subject, "atlas.indicators.programming.adopted");
}

}  // namespace
}  // namespace atlas::indicators
