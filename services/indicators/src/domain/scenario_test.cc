// What-if scenarios on known lines: moves and their rules, what a scenario
// changes (totals, regional shares, indicators at risk), promotion to a new
// draft, the base never written, concurrent moves refused.
#include "indicators/domain/scenario.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "indicators/domain/memory_performance_store.h"
#include "indicators/domain/memory_programming_store.h"
#include "indicators/domain/memory_scenario_store.h"
#include "indicators/domain/scenario_service.h"

namespace atlas::indicators {
namespace {

const ProgrammingVersion kBase{.id = 1, .first_year = 2025, .state = "adopted"};

std::vector<BudgetLine> Base() {
  return {{.key = {"p1", "MA-01", "a1", "PERSONNEL", 2025}, .ce = 1000, .cp = 800},
          {.key = {"p1", "MA-01", "a1", "PERSONNEL", 2026}, .ce = 1000, .cp = 1000},
          {.key = {"p2", "MA-02", "a2", "INVESTISSEMENT", 2025}, .ce = 500, .cp = 200}};
}

Move Cp(int64_t amount, LineKey from, LineKey to) {
  return {.from = std::move(from),
          .to = std::move(to),
          .measure = Measure::kCp,
          .amount = amount,
          .reason = "test"};
}

const LineKey kP1 = {"p1", "MA-01", "a1", "PERSONNEL", 2025};
const LineKey kP2 = {"p2", "MA-02", "a2", "INVESTISSEMENT", 2025};

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : core::FieldViolations(s)) out.push_back(v.field);
  return out;
}

const BudgetLine& Line(const std::vector<BudgetLine>& lines, const LineKey& k) {
  for (const BudgetLine& l : lines) {
    if (l.key == k) return l;
  }
  static const BudgetLine kNone;
  return kNone;
}

TEST(ScenarioTest, MovesCreditsBetweenProgrammesAndKeepsTheRules) {
  auto after = ApplyMoves(kBase, Base(), {Cp(300, kP1, kP2)});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(Line(*after, kP1).cp, 500);
  EXPECT_EQ(Line(*after, kP2).cp, 500);
  EXPECT_EQ(Line(*after, kP2).reason, "test");
  // 100 more would put p2's CP (600) over its CE (500).
  auto over = ApplyMoves(kBase, *after, {Cp(100, kP1, kP2)});
  EXPECT_EQ(Fields(over.status()), std::vector<std::string>{"move.to.cp"});
  // More CE than the line holds, from a line that is not there, nothing moved, the same line.
  Move ce{.from = kP1, .to = kP2, .measure = Measure::kCe, .amount = 2000};
  EXPECT_EQ(Fields(ApplyMoves(kBase, Base(), {ce}).status()),
            std::vector<std::string>{"move.amount"});
  LineKey missing = kP1;
  missing.region = "MA-05";
  EXPECT_EQ(Fields(ApplyMoves(kBase, Base(), {Cp(1, missing, kP2)}).status()),
            std::vector<std::string>{"move.from"});
  EXPECT_EQ(Fields(CheckMoveFields(Cp(0, kP1, kP1))),
            (std::vector<std::string>{"move.amount", "move.to"}));
  // A destination outside the version's years or with an unknown region.
  LineKey later = kP2;
  later.year = 2030;
  later.region = "MA-99";
  auto outside = ApplyMoves(kBase, Base(), {Cp(10, kP1, later)});
  EXPECT_EQ(Fields(outside.status()), (std::vector<std::string>{"move.to.region"}));
  // Moving CE away from a line whose CP relies on it: CP over CE on the source.
  LineKey p1_2026 = kP1;
  p1_2026.year = 2026;
  Move both{.from = p1_2026, .to = kP2, .measure = Measure::kCe, .amount = 900};
  EXPECT_EQ(Fields(ApplyMoves(kBase, Base(), {both}).status()),
            std::vector<std::string>{"move.from.cp"});
}

TEST(ScenarioTest, MovingToANewLineCreatesIt) {
  LineKey central = kP1;
  central.region = "central";
  Move both{.from = kP1, .to = central, .measure = Measure::kBoth, .amount = 200};
  auto after = ApplyMoves(kBase, Base(), {both});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->size(), 4u);
  EXPECT_EQ(Line(*after, central).ce, 200);
  EXPECT_EQ(Line(*after, central).cp, 200);
  EXPECT_EQ(Line(*after, kP1).ce, 800);
}

Dashboard WithProjections(std::string programme, std::vector<std::pair<std::string, double>> ach) {
  Dashboard d;
  d.framework.programme = std::move(programme);
  for (const auto& [id, a] : ach) {
    d.framework.indicators.push_back(
        {.id = id, .title = {.en = id, .fr = id, .ar = id}, .targets = {{2025, 10}, {2027, 20}}});
    d.projections[id] = {.year = 2027, .value = 1, .achievement = a, .off_track = a < 0.9};
  }
  return d;
}

TEST(ScenarioTest, AssessesTotalsSharesAndTheIndicatorsThatBecomeAtRisk) {
  const std::vector<BudgetLine> before = Base();
  auto after = ApplyMoves(kBase, before, {Cp(300, kP1, kP2)});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(ProgrammesCut(before, *after), std::vector<std::string>{"p1"});
  // p1 loses 300 of 800 CP in 2025 (37.5 %): on track at 0.95 becomes 0.59; far
  // ahead at 2.0 stays on track; already off track is not "becoming" at risk.
  std::map<std::string, Dashboard> dashboards = {
      {"p1", WithProjections("p1", {{"on", 0.95}, {"ahead", 2.0}, {"off", 0.5}})}};
  const Assessment a = Assess(before, *after, dashboards);
  ASSERT_EQ(a.programmes.size(), 2u);
  EXPECT_EQ(a.programmes[0].programme, "p1");
  EXPECT_EQ(a.programmes[0].before.cp, 800);
  EXPECT_EQ(a.programmes[0].after.cp, 500);
  EXPECT_EQ(a.total_before.cp, a.total_after.cp);  // a move keeps the total
  ASSERT_EQ(a.regions.size(), 2u);
  EXPECT_EQ(a.regions[0].region, "MA-01");
  EXPECT_DOUBLE_EQ(a.regions[0].share_before, 1800.0 / 2000.0);
  EXPECT_DOUBLE_EQ(a.regions[0].share_after, 1500.0 / 2000.0);
  ASSERT_EQ(a.at_risk.size(), 1u);
  EXPECT_EQ(a.at_risk[0].indicator, "on");
  EXPECT_EQ(a.at_risk[0].year, 2025);
  EXPECT_DOUBLE_EQ(a.at_risk[0].cut, 0.375);
  EXPECT_NEAR(a.at_risk[0].achievement_scenario, 0.95 * 0.625, 1e-9);
}

class ScenarioServiceTest : public ::testing::Test {
 protected:
  ScenarioServiceTest() {
    budget_.Add(kBase, Base());
    Framework f{.programme = "p1", .code = "P1"};
    frameworks_.Add(f);
  }
  MemoryProgrammingStore budget_;
  ProgrammingService programming_{budget_};
  MemoryPerformanceStore frameworks_;
  PerformanceService performance_{frameworks_};
  MemoryScenarioStore store_{budget_};
  ScenarioService scenarios_{store_, programming_, performance_};
};

TEST_F(ScenarioServiceTest, CopyOnWriteThenPromotedToANewDraftTheBaseUntouched) {
  auto s = scenarios_.Create(1, "Renfort de l'investissement (test)", "users/a");
  ASSERT_TRUE(s.ok()) << s.status();
  auto view = scenarios_.AddMove(s->id, Cp(300, kP1, kP2), "r1");
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->scenario.revision, 2);
  EXPECT_EQ(view->assessment.programmes.size(), 2u);
  // A second analyst on the etag read before the first move: 409.
  auto stale = scenarios_.AddMove(s->id, Cp(10, kP1, kP2), "r1");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  // A programme or action the base has no line for.
  LineKey elsewhere = kP2;
  elsewhere.programme = "p9";
  EXPECT_EQ(Fields(scenarios_.AddMove(s->id, Cp(1, kP1, elsewhere), "r2").status()),
            std::vector<std::string>{"move.to.programme"});
  elsewhere = kP2;
  elsewhere.action = "a1";  // p1's action, not p2's
  EXPECT_EQ(Fields(scenarios_.AddMove(s->id, Cp(1, kP1, elsewhere), "r2").status()),
            std::vector<std::string>{"move.to.action"});

  auto v = scenarios_.Promote(s->id, "r2", "users/a");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->state, "draft");
  EXPECT_EQ(v->based_on, 1);
  auto promoted = programming_.Lines(v->id, "", true);
  EXPECT_EQ(Line(*promoted, kP1).cp, 500);
  EXPECT_EQ(Line(*promoted, kP2).cp, 500);
  // The base is as it was.
  auto base = programming_.Lines(1, "", false);
  EXPECT_EQ(Line(*base, kP1).cp, 800);
  EXPECT_EQ(Line(*base, kP2).cp, 200);
  // Promoted: it changes no more.
  EXPECT_EQ(scenarios_.AddMove(s->id, Cp(1, kP1, kP2), "").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(scenarios_.Promote(s->id, "", "users/a").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ScenarioServiceTest, RefusesBadInputWhole) {
  EXPECT_EQ(Fields(scenarios_.Create(1, "", "users/a").status()),
            std::vector<std::string>{"scenario.title"});
  EXPECT_EQ(scenarios_.Create(42, "x", "users/a").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(scenarios_.Get(42).status().code(), absl::StatusCode::kNotFound);
  auto s = scenarios_.Create(1, "x", "users/a");
  EXPECT_EQ(Fields(scenarios_.AddMove(s->id, Cp(5, kP1, kP2), "v7").status()),
            std::vector<std::string>{"etag"});
  EXPECT_EQ(scenarios_.Get(s->id)->scenario.revision, 1);  // nothing written
}

}  // namespace
}  // namespace atlas::indicators
