#include "indicators/domain/performance.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"

namespace atlas::indicators {
namespace {

Measurement At(int year, std::optional<double> v, bool provisional = false) {
  return {.year = year, .value = v, .provisional = provisional, .source = "test"};
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : core::FieldViolations(s)) out.push_back(v.field);
  return out;
}

TEST(PerformanceTest, AFormulaWithAMissingInputStaysMissing) {
  Indicator served{.id = "served",
                   .measurements = {At(2023, 800), At(2024, std::nullopt), At(2025, 900, true)}};
  Indicator asked{.id = "asked", .measurements = {At(2023, 1000), At(2024, 1000), At(2025, 0)}};
  Indicator rate{.id = "rate", .formula = Formula{"served", "asked", 100}};
  Indicator doubled{.id = "doubled", .formula = Formula{"rate", "", 2}};
  ASSERT_TRUE(CheckFormulas({served, asked, rate, doubled}).ok());
  auto v = Evaluate({doubled, rate, served, asked}, 2022, 2025);
  EXPECT_EQ(v["rate"][2022].basis, Basis::kMissingInput);  // nothing measured: not 0
  EXPECT_FALSE(v["rate"][2022].value.has_value());
  EXPECT_DOUBLE_EQ(*v["rate"][2023].value, 80);
  EXPECT_EQ(v["rate"][2023].basis, Basis::kComputed);
  EXPECT_EQ(v["served"][2024].basis, Basis::kNotAvailable);
  EXPECT_EQ(v["rate"][2024].basis, Basis::kMissingInput);
  EXPECT_EQ(v["rate"][2025].basis, Basis::kZeroDenominator);
  EXPECT_TRUE(v["rate"][2025].provisional);
  EXPECT_DOUBLE_EQ(*v["doubled"][2023].value, 160);
  EXPECT_FALSE(v["doubled"][2024].value.has_value());
}

TEST(PerformanceTest, UnknownInputsAndCyclesAreNamed) {
  Indicator a{.id = "a", .formula = Formula{"b", "", 1}};
  Indicator b{.id = "b", .formula = Formula{"c", "a", 1}};
  Indicator c{.id = "c"};
  Indicator d{.id = "d", .formula = Formula{"nope", "", 1}};
  EXPECT_EQ(Fields(CheckFormulas({a, b, c, d})), std::vector<std::string>{"indicators[d].formula"});
  EXPECT_EQ(Fields(CheckFormulas({a, b, c})),
            (std::vector<std::string>{"indicators[a].formula", "indicators[b].formula"}));
  Indicator self{.id = "self", .formula = Formula{"self", "", 1}};
  EXPECT_EQ(Fields(CheckFormulas({self})), std::vector<std::string>{"indicators[self].formula"});
  // Evaluated anyway (data that never passed the check): missing, never a loop or a crash.
  auto v = Evaluate({a, b, c, d, self}, 2024, 2024);
  EXPECT_EQ(v["a"][2024].basis, Basis::kMissingInput);
  EXPECT_EQ(v["d"][2024].basis, Basis::kMissingInput);
  EXPECT_EQ(v["self"][2024].basis, Basis::kMissingInput);
}

TEST(PerformanceTest, AchievementFromBaselineToTargetInBothDirections) {
  Indicator up{.id = "up", .baseline_year = 2022, .baseline = 100, .targets = {{2025, 200}}};
  EXPECT_DOUBLE_EQ(*Achievement(up, 150, 2025), 0.5);
  EXPECT_DOUBLE_EQ(*Achievement(up, 220, 2025), 1.2);
  EXPECT_FALSE(Achievement(up, 150, 2024).has_value());  // no target that year
  Indicator down{.id = "down",
                 .direction = Direction::kDown,
                 .baseline_year = 2022,
                 .baseline = 30,
                 .targets = {{2025, 20}}};
  EXPECT_DOUBLE_EQ(*Achievement(down, 25, 2025), 0.5);
  Indicator flat{.id = "flat", .baseline = 5, .targets = {{2025, 5}}};
  EXPECT_FALSE(Achievement(flat, 5, 2025).has_value());
}

TEST(PerformanceTest, TheTrendFlagsAnIndicatorHeadingOffTarget) {
  Indicator i{
      .id = "i", .baseline_year = 2021, .baseline = 100, .targets = {{2024, 130}, {2026, 200}}};
  // +10 a year from 100: 150 in 2026, achievement 0.5 -> off track.
  Series slow = {{2021, {.value = 100, .basis = Basis::kMeasured}},
                 {2022, {.value = 110, .basis = Basis::kMeasured}},
                 {2023, {.basis = Basis::kNotMeasured}},  // a gap is skipped, not zero
                 {2024, {.value = 130, .basis = Basis::kMeasured}}};
  Projection p = Project(i, slow);
  EXPECT_EQ(p.year, 2026);
  EXPECT_NEAR(*p.value, 150, 1e-9);
  EXPECT_NEAR(*p.achievement, 0.5, 1e-9);
  EXPECT_TRUE(p.off_track);
  // +20 a year: 200 in 2026 -> on track.
  Series fast = {{2022, {.value = 120, .basis = Basis::kMeasured}},
                 {2024, {.value = 160, .basis = Basis::kMeasured}}};
  EXPECT_FALSE(Project(i, fast).off_track);
  // One value: nothing to project from.
  EXPECT_FALSE(Project(i, {{2022, {.value = 120}}}).value.has_value());
}

}  // namespace
}  // namespace atlas::indicators
