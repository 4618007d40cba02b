#include "indicators/domain/programming.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"

namespace atlas::indicators {
namespace {

BudgetLine Line(int year, int64_t ce, int64_t cp, std::string chapter = "INVESTISSEMENT") {
  return {.key = {.programme = "demo-101",
                  .region = "MA-02",
                  .action = "a1",
                  .chapter = std::move(chapter),
                  .year = year},
          .ce = ce,
          .cp = cp};
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : core::FieldViolations(s)) out.push_back(v.field);
  return out;
}

const ProgrammingVersion kDraft{.id = 2, .first_year = 2026, .state = "draft"};

TEST(ProgrammingTest, PaymentsNeverExceedWhatCommitmentsAllowOverTheYears) {
  // CE 100 in 2026, CP 40 + 60 later: fine. CP 70 in 2027 with no CE then: 110 > 100.
  std::vector<BudgetLine> series = {Line(2026, 100, 40)};
  EXPECT_TRUE(CheckLine(kDraft, Line(2027, 0, 60), series).ok());
  EXPECT_EQ(Fields(CheckLine(kDraft, Line(2027, 0, 70), series)),
            std::vector<std::string>{"line.cp"});
  // Lowering an earlier year's CE below what was paid after it is caught too.
  std::vector<BudgetLine> later = {Line(2027, 0, 60)};
  EXPECT_EQ(Fields(CheckLine(kDraft, Line(2026, 50, 40), later)),
            std::vector<std::string>{"line.cp"});
  // Another chapter is another series: its commitments do not cover these payments.
  EXPECT_FALSE(CheckLine(kDraft, Line(2027, 0, 70), {Line(2026, 100, 40, "MDD")}).ok());
  EXPECT_TRUE(CheckLine(kDraft, Line(2027, 80, 70), {Line(2026, 100, 40, "MDD")}).ok());
}

TEST(ProgrammingTest, EveryBrokenRuleIsNamed) {
  BudgetLine bad = Line(2030, -5, 10, "TRAVEL");
  bad.key.region = "MA-13";
  bad.committed = 7;
  bad.paid = 9;
  EXPECT_EQ(Fields(CheckLine(kDraft, bad, {})),
            (std::vector<std::string>{"line.year", "line.chapter", "line.region", "line.ce",
                                      "line.committed", "line.paid"}));
}

TEST(ProgrammingTest, AKeyOfAnotherShapeNeverReachesAStore) {
  BudgetLine l = Line(2026, 1, 1);
  l.key.programme = std::string("demo\0", 5);
  l.key.action = "A B";
  EXPECT_EQ(Fields(CheckLineKey(l.key)),
            (std::vector<std::string>{"line.programme", "line.action"}));
  EXPECT_TRUE(CheckLineKey(Line(2026, 1, 1).key).ok());
  l = Line(2026, 1, 1);
  l.reason = std::string("a\0b", 3);
  EXPECT_EQ(Fields(CheckLine(kDraft, l, {})), std::vector<std::string>{"line.reason"});
}

TEST(ProgrammingTest, AnAdoptedVersionIsFrozenAndOnlyItRolls) {
  EXPECT_TRUE(CheckWritable(kDraft).ok());
  EXPECT_TRUE(CheckRollable(kDraft).code() == absl::StatusCode::kFailedPrecondition);
  const ProgrammingVersion adopted{.id = 1, .first_year = 2025, .state = "adopted"};
  EXPECT_EQ(CheckWritable(adopted).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckRollable(adopted).ok());
}

TEST(ProgrammingTest, TheRollCarriesNPlusOneAndTwoAndProposesNPlusThree) {
  const ProgrammingVersion v{.id = 1, .first_year = 2025, .state = "adopted"};
  BudgetLine executed = Line(2026, 200, 150);
  executed.committed = 120;
  const auto rolled = Roll(v, {Line(2025, 100, 100), executed, Line(2027, 300, 250)});
  ASSERT_EQ(rolled.size(), 3U);
  EXPECT_EQ(rolled[0].key.year, 2026);
  EXPECT_EQ(rolled[0].ce, 200);
  EXPECT_FALSE(rolled[0].committed.has_value());  // execution belongs to the old version
  EXPECT_EQ(rolled[1].key.year, 2027);
  EXPECT_EQ(rolled[1].reason, "carried");
  EXPECT_EQ(rolled[2].key.year, 2028);
  EXPECT_EQ(rolled[2].ce, 300);
  EXPECT_EQ(rolled[2].cp, 250);
  EXPECT_EQ(rolled[2].reason, "proposed: 2027 carried");
}

TEST(ProgrammingTest, TheComparisonOfAKnownPair) {
  BudgetLine raised = Line(2026, 250, 150);
  raised.reason = "new school in Berkane";
  const auto changes = Compare({Line(2025, 100, 100), Line(2026, 200, 150), Line(2027, 1, 1)},
                               {raised, Line(2027, 1, 1), Line(2028, 300, 250)});
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_EQ(changes[0].key.year, 2025);  // removed
  EXPECT_FALSE(changes[0].after.has_value());
  EXPECT_EQ(changes[0].ce_delta, -100);
  EXPECT_EQ(changes[1].key.year, 2026);  // changed, with its reason
  EXPECT_EQ(changes[1].ce_delta, 50);
  EXPECT_EQ(changes[1].cp_delta, 0);
  EXPECT_EQ(changes[1].after->reason, "new school in Berkane");
  EXPECT_EQ(changes[2].key.year, 2028);  // added
  EXPECT_FALSE(changes[2].before.has_value());
  auto totals = TotalsByProgrammeRegion({Line(2026, 200, 150), Line(2026, 10, 5, "MDD")});
  EXPECT_EQ((totals[{"demo-101", "MA-02", 2026}].ce), 210);
  EXPECT_EQ((totals[{"demo-101", "MA-02", 2026}].cp), 155);
}

}  // namespace
}  // namespace atlas::indicators
