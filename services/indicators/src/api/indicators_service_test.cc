// The IndicatorsService through its generated stub, on an in-memory store.
#include "indicators/api/indicators_service.h"

#include "atlas/testing/grpc.h"
#include "gtest/gtest.h"
#include "indicators/domain/actions.h"
#include "indicators/domain/memory_performance_store.h"
#include "indicators/domain/memory_programme_store.h"
#include "indicators/domain/memory_programming_store.h"
#include "indicators/domain/memory_scenario_store.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programme_service.h"
#include "indicators/domain/programming_service.h"
#include "indicators/domain/report_service.h"
#include "indicators/domain/scenario_service.h"

namespace atlas::indicators {
namespace {

// No actions: these tests are about programmes and indicators (actions are
// tested through the system test, against the registry's real events).
class NoActions final : public ActionStore {
 public:
  absl::StatusOr<Action> Find(const std::string& id) override { return absl::NotFoundError(id); }
  absl::StatusOr<std::vector<Action>> ForOrganisation(const std::string& o) override {
    if (o != "assoc") return std::vector<Action>{};
    return std::vector<Action>{{.id = "a1", .code = "P1.01"}};
  }
  absl::StatusOr<std::vector<ScheduledAction>> Schedule(const std::string& p) override {
    return absl::NotFoundError(p);
  }
  absl::Status Link(const std::string& a, const std::string&, const std::string&) override {
    return absl::NotFoundError(a);
  }
  absl::Status Unlink(const std::string& a, const std::string&) override {
    return absl::NotFoundError(a);
  }
};

class NoPdf final : public PdfRenderer {
 public:
  absl::StatusOr<std::string> Render(const ReportDoc&) override {
    return absl::UnavailableError("no PDF in this test");
  }
};

TEST(IndicatorsServiceTest, ProgrammesArePublicAndSayWhenTheyAreDemo) {
  MemoryProgrammeStore store;
  store.Add({.id = "p1", .code = "P101", .title_fr = "Programme (démo)", .demo = true});
  ProgrammeService service(store);
  atlas::testing::ServiceHarness harness;
  MemoryPerformanceStore frameworks;
  PerformanceService performance(frameworks);
  MemoryProgrammingStore budget;
  ProgrammingService programming(budget);
  NoActions action_store;
  ActionService actions(action_store);
  NoPdf pdf;
  ReportService reports(performance, programming, pdf);
  MemoryScenarioStore scenario_store(budget);
  ScenarioService scenarios(scenario_store, programming, performance);
  IndicatorsServiceImpl api(service, performance, programming, actions, reports, scenarios,
                            harness.authorizer());
  harness.Start(&api);
  auto stub = v1::IndicatorsService::NewStub(harness.channel());
  grpc::ClientContext ctx;
  harness.Authenticate(ctx, {});
  v1::ListProgrammesResponse resp;
  ASSERT_TRUE(stub->ListProgrammes(&ctx, v1::ListProgrammesRequest(), &resp).ok());
  ASSERT_EQ(resp.programmes_size(), 1);
  EXPECT_EQ(resp.programmes(0).name(), "programmes/p1");
  EXPECT_TRUE(resp.programmes(0).demo());
  grpc::ClientContext bad;
  harness.Authenticate(bad, {});
  v1::ListProgrammesRequest negative;
  negative.set_page_size(-1);
  EXPECT_EQ(stub->ListProgrammes(&bad, negative, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  harness.Stop();  // before api goes
}

TEST(IndicatorsServiceTest, TheDashboardIsPublicAndOnlyAnalystsRecord) {
  MemoryProgrammeStore store;
  ProgrammeService service(store);
  MemoryPerformanceStore frameworks;
  Indicator files{.id = "files",
                  .objective = "o1",
                  .unit = "files",
                  .baseline_year = 2022,
                  .baseline = 10,
                  .targets = {{2025, 40}},
                  .measurements = {{.year = 2022, .value = 10, .source = "s"}}};
  frameworks.Add({.programme = "p1",
                  .code = "P101",
                  .demo = true,
                  .objectives = {{.id = "o1", .indicators = {"files"}}},
                  .indicators = {files}});
  PerformanceService performance(frameworks);
  atlas::testing::ServiceHarness harness;
  MemoryProgrammingStore budget;
  ProgrammingService programming(budget);
  NoActions action_store;
  ActionService actions(action_store);
  NoPdf pdf;
  ReportService reports(performance, programming, pdf);
  MemoryScenarioStore scenario_store(budget);
  ScenarioService scenarios(scenario_store, programming, performance);
  IndicatorsServiceImpl api(service, performance, programming, actions, reports, scenarios,
                            harness.authorizer());
  harness.Start(&api);
  auto stub = v1::IndicatorsService::NewStub(harness.channel());
  grpc::ClientContext ctx;
  harness.Authenticate(ctx, {});
  v1::GetProgrammeDashboardRequest req;
  req.set_name("programmes/p1");
  v1::ProgrammeDashboard d;
  ASSERT_TRUE(stub->GetProgrammeDashboard(&ctx, req, &d).ok());
  ASSERT_EQ(d.objectives(0).indicators(0).points_size(), 4);  // 2022..2025
  EXPECT_EQ(d.objectives(0).indicators(0).points(1).basis(), "NOT_MEASURED");
  EXPECT_FALSE(d.objectives(0).indicators(0).points(1).has_value());
  v1::RecordMeasurementRequest rec;
  rec.set_indicator("indicators/files");
  rec.mutable_measurement()->set_year(2023);
  rec.mutable_measurement()->set_value(20);
  rec.mutable_measurement()->set_source("s");
  v1::Measurement out;
  grpc::ClientContext editor;
  harness.Authenticate(editor, {"editor"});
  EXPECT_EQ(stub->RecordMeasurement(&editor, rec, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext analyst;
  harness.Authenticate(analyst, {"analyst"});
  ASSERT_TRUE(stub->RecordMeasurement(&analyst, rec, &out).ok());
  EXPECT_EQ(frameworks.published.size(), 1U);
  harness.Stop();
}

}  // namespace
}  // namespace atlas::indicators
