#include "indicators/domain/performance_service.h"

#include "atlas/core/status.h"
#include "atlas/indicators/events/v1/indicator_events.pb.h"
#include "gtest/gtest.h"
#include "indicators/domain/memory_performance_store.h"

namespace atlas::indicators {
namespace {

Framework Sample() {
  Indicator files{.id = "files",
                  .objective = "o1",
                  .unit = "files",
                  .source = "MCMREAM",
                  .baseline_year = 2022,
                  .baseline = 1000,
                  .targets = {{2024, 1400}, {2026, 1800}},
                  .measurements = {{.year = 2022, .value = 1000, .source = "MCMREAM"},
                                   {.year = 2023, .value = 1200, .source = "MCMREAM"}}};
  Indicator staff{.id = "staff",
                  .objective = "o1",
                  .unit = "persons",
                  .measurements = {{.year = 2022, .value = 10, .source = "HR"},
                                   {.year = 2023, .value = 12, .source = "HR"}}};
  Indicator per{.id = "per-staff",
                .objective = "o1",
                .unit = "files per person",
                .formula = Formula{"files", "staff", 1}};
  return {.programme = "p1",
          .code = "D101",
          .demo = true,
          .objectives = {{.id = "o1", .indicators = {"files", "staff", "per-staff"}}},
          .indicators = {files, staff, per}};
}

TEST(PerformanceServiceTest, TheDashboardComputesFormulasAndProjections) {
  MemoryPerformanceStore store;
  store.Add(Sample());
  PerformanceService service(store);
  auto d = service.Get("p1");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->from, 2022);
  EXPECT_EQ(d->to, 2026);
  EXPECT_DOUBLE_EQ(*d->series["per-staff"][2023].value, 100);
  EXPECT_FALSE(d->series["per-staff"][2024].value.has_value());  // not measured yet
  // +200 a year from 1000: 1800 in 2026, on track.
  EXPECT_NEAR(*d->projections["files"].value, 1800, 1e-9);
  EXPECT_FALSE(d->projections["files"].off_track);
  EXPECT_EQ(service.Get("nope").status().code(), absl::StatusCode::kNotFound);
}

TEST(PerformanceServiceTest, RecordingPublishesMeasuredThenOffTrackOnce) {
  MemoryPerformanceStore store;
  store.Add(Sample());
  PerformanceService service(store);
  // 2024 at 1250: the least-squares line now reaches 1525 in 2026, 66 % of the way from 1000
  // to 1800 (it reached 1800 before): off track.
  ASSERT_TRUE(
      service.Record("files", {.year = 2024, .value = 1250, .source = "MCMREAM"}, "users/a").ok());
  ASSERT_EQ(store.published.size(), 2U);
  EXPECT_EQ(store.published[0].subject, "atlas.indicators.indicator.measured");
  EXPECT_EQ(store.published[1].subject, "atlas.indicators.indicator.off_track");
  // Still off track: measured only, no second off_track.
  ASSERT_TRUE(
      service.Record("files", {.year = 2024, .value = 1240, .source = "MCMREAM"}, "users/a").ok());
  ASSERT_EQ(store.published.size(), 3U);
  EXPECT_EQ(store.published[2].subject, "atlas.indicators.indicator.measured");
  // Not available is recorded as missing, not zero.
  ASSERT_TRUE(service.Record("staff", {.year = 2024, .source = "HR"}, "users/a").ok());
  auto d = service.Get("p1");
  EXPECT_EQ(d->series["staff"][2024].basis, Basis::kNotAvailable);
  EXPECT_EQ(d->series["per-staff"][2024].basis, Basis::kMissingInput);
}

TEST(PerformanceServiceTest, BadMeasurementsAreRefusedWholeAndNamed) {
  MemoryPerformanceStore store;
  store.Add(Sample());
  PerformanceService service(store);
  auto s = service.Record("files",
                          {.year = 1999,
                           .region = "MA-13",
                           .sex = "X",
                           .value = 1.0 / 0.0,
                           .source = "",
                           .date = "2024-13-01"},
                          "users/a");
  std::vector<std::string> fields;
  for (const auto& v : core::FieldViolations(s)) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"measurement.year", "measurement.region",
                                              "measurement.sex", "measurement.value",
                                              "measurement.source", "measurement.date"}));
  EXPECT_TRUE(store.published.empty());
  EXPECT_EQ(service.Record("per-staff", {.year = 2024, .value = 5, .source = "x"}, "u").code(),
            absl::StatusCode::kInvalidArgument);  // a formula is computed, not recorded
  EXPECT_EQ(service.Record("nope", {.year = 2024, .value = 5, .source = "x"}, "u").code(),
            absl::StatusCode::kNotFound);
}

TEST(PerformanceServiceTest, ValuesDueAndMissingAreAnnouncedOnce) {
  MemoryPerformanceStore store;
  store.Add(Sample());
  PerformanceService service(store);
  // 2024's value was due on 2025-03-31: not yet on the 30th.
  EXPECT_EQ(*service.AnnounceDue("2025-03-30"), 0);
  EXPECT_EQ(*service.AnnounceDue("2026-12-05"), 1);
  ASSERT_EQ(store.published.size(), 1u);
  EXPECT_EQ(store.published[0].subject, "atlas.indicators.indicator.due");
  events::v1::IndicatorDue due;
  ASSERT_TRUE(due.ParseFromString(store.published[0].payload));
  EXPECT_EQ(due.name(), "indicators/files");
  EXPECT_EQ(due.year(), 2024);
  EXPECT_EQ(due.due_date(), "2025-03-31");
  EXPECT_EQ(due.target(), 1400);
  EXPECT_TRUE(due.demo());
  EXPECT_EQ(*service.AnnounceDue("2026-12-05"), 0);  // once
  EXPECT_EQ(*service.AnnounceDue("2027-04-01"), 1);  // 2026's, a year later
}

TEST(PerformanceServiceTest, AValueMeasuredAsNotAvailableIsReported) {
  Framework f = Sample();
  f.indicators[0].measurements.push_back({.year = 2024, .value = std::nullopt, .source = "x"});
  EXPECT_TRUE(DueValues(f.indicators, "2026-12-05").empty());
  f.indicators[0].measurements.back().region = "MA-01";  // a regional value is not the national one
  EXPECT_EQ(DueValues(f.indicators, "2026-12-05").size(), 1u);
}

TEST(PerformanceServiceTest, AnalystsDefineIndicatorsTargetsWithinTheVersionFormulasChecked) {
  MemoryPerformanceStore store;
  store.Add(Sample());
  PerformanceService service(store);
  auto fields = [](const absl::Status& s) {
    std::vector<std::string> out;
    for (const auto& v : core::FieldViolations(s)) out.push_back(v.field);
    return out;
  };
  PerformanceService::Definition d{.unit = "files",
                                   .source = "MCMREAM",
                                   .baseline_year = 2022,
                                   .baseline = 1000,
                                   .targets = {{2025, 1500}, {2030, 9}, {2025, 1}}};
  EXPECT_EQ(fields(service.Define("files", d, 2025, "").status()),
            (std::vector<std::string>{"indicator.targets[1].year", "indicator.targets[2].year"}));
  // A formula over an unknown indicator, or making a cycle (per-staff = files / staff).
  PerformanceService::Definition f{.unit = "x", .formula = Formula{"nope", "", 1}};
  EXPECT_EQ(fields(service.Define("staff", f, 2025, "").status()),
            std::vector<std::string>{"indicator.formula"});
  f.formula = Formula{"per-staff", "", 1};
  EXPECT_EQ(fields(service.Define("staff", f, 2025, "").status())[0], "indicator.formula");
  EXPECT_TRUE(store.published.empty());  // nothing refused was announced
  // Good: the version's years replaced, 2024 (another version's) kept, revision + 1,
  // and the change announced with it (public answers about the programme change).
  d.targets = {{2025, 1500}, {2026, 1900}};
  auto ok = service.Define("files", d, 2025, "r1");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->revision, 2);
  ASSERT_EQ(store.published.size(), 1u);
  EXPECT_EQ(store.published[0].subject, "atlas.indicators.programme.changed");
  events::v1::ProgrammeChanged changed;
  ASSERT_TRUE(changed.ParseFromString(store.published[0].payload));
  EXPECT_EQ(changed.name(), "programmes/p1");
  EXPECT_EQ(changed.change(), "indicator_defined");
  EXPECT_EQ(changed.subject(), "indicators/files");
  auto dash = service.Get("p1");
  const Indicator& files = dash->framework.indicators[0];
  EXPECT_EQ(files.targets, (std::map<int, double>{{2024, 1400}, {2025, 1500}, {2026, 1900}}));
  // A second analyst on the etag read before: refused, nothing written.
  d.targets = {{2025, 1}};
  EXPECT_EQ(service.Define("files", d, 2025, "r1").status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(service.Get("p1")->framework.indicators[0].targets.at(2025), 1500);
  EXPECT_EQ(store.published.size(), 1u);
  EXPECT_EQ(service.Define("nope", d, 2025, "").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace atlas::indicators
