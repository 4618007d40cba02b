// gRPC adapter for atlas.indicators.v1.IndicatorsService: proto <-> domain.
#ifndef ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_
#define ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_

#include "atlas/indicators/v1/indicators_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::indicators {

class ProgrammeService;
class PerformanceService;
class ProgrammingService;
class ActionService;
class ReportService;
class ScenarioService;

class IndicatorsServiceImpl final
    : public atlas::indicators::v1::IndicatorsService::CallbackService {
 public:
  IndicatorsServiceImpl(ProgrammeService& programmes, PerformanceService& performance,
                        ProgrammingService& programming, ActionService& actions,
                        ReportService& reports, ScenarioService& scenarios, rpc::Authorizer& authz)
      : programmes_(programmes),
        performance_(performance),
        programming_(programming),
        actions_(actions),
        reports_(reports),
        scenarios_(scenarios),
        authz_(authz) {}
  grpc::ServerUnaryReactor* GetAction(grpc::CallbackServerContext* ctx,
                                      const v1::GetActionRequest* req, v1::Action* resp) override;
  grpc::ServerUnaryReactor* LinkActionProject(grpc::CallbackServerContext* ctx,
                                              const v1::LinkActionProjectRequest* req,
                                              v1::Action* resp) override;
  grpc::ServerUnaryReactor* UnlinkActionProject(grpc::CallbackServerContext* ctx,
                                                const v1::LinkActionProjectRequest* req,
                                                v1::Action* resp) override;
  grpc::ServerUnaryReactor* ListProgrammings(grpc::CallbackServerContext* ctx,
                                             const v1::ListProgrammingsRequest* req,
                                             v1::ListProgrammingsResponse* resp) override;
  grpc::ServerUnaryReactor* ListBudgetLines(grpc::CallbackServerContext* ctx,
                                            const v1::ListBudgetLinesRequest* req,
                                            v1::ListBudgetLinesResponse* resp) override;
  grpc::ServerUnaryReactor* SetBudgetLine(grpc::CallbackServerContext* ctx,
                                          const v1::SetBudgetLineRequest* req,
                                          v1::BudgetLine* resp) override;
  grpc::ServerUnaryReactor* AdoptProgramming(grpc::CallbackServerContext* ctx,
                                             const v1::AdoptProgrammingRequest* req,
                                             v1::Programming* resp) override;
  grpc::ServerUnaryReactor* RollProgramming(grpc::CallbackServerContext* ctx,
                                            const v1::RollProgrammingRequest* req,
                                            v1::Programming* resp) override;
  grpc::ServerUnaryReactor* ExportProgramming(grpc::CallbackServerContext* ctx,
                                              const v1::ExportProgrammingRequest* req,
                                              api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* CompareProgrammings(grpc::CallbackServerContext* ctx,
                                                const v1::CompareProgrammingsRequest* req,
                                                v1::CompareProgrammingsResponse* resp) override;
  grpc::ServerUnaryReactor* GetProgrammeDashboard(grpc::CallbackServerContext* ctx,
                                                  const v1::GetProgrammeDashboardRequest* req,
                                                  v1::ProgrammeDashboard* resp) override;
  grpc::ServerUnaryReactor* ListOrganisationActions(
      grpc::CallbackServerContext* ctx, const v1::ListOrganisationActionsRequest* req,
      v1::ListOrganisationActionsResponse* resp) override;
  grpc::ServerUnaryReactor* GetChronogramme(grpc::CallbackServerContext* ctx,
                                            const v1::GetChronogrammeRequest* req,
                                            v1::Chronogramme* resp) override;
  grpc::ServerUnaryReactor* CreateScenario(grpc::CallbackServerContext* ctx,
                                           const v1::CreateScenarioRequest* req,
                                           v1::Scenario* resp) override;
  grpc::ServerUnaryReactor* ListScenarios(grpc::CallbackServerContext* ctx,
                                          const v1::ListScenariosRequest* req,
                                          v1::ListScenariosResponse* resp) override;
  grpc::ServerUnaryReactor* GetScenario(grpc::CallbackServerContext* ctx,
                                        const v1::GetScenarioRequest* req,
                                        v1::ScenarioView* resp) override;
  grpc::ServerUnaryReactor* MoveCredits(grpc::CallbackServerContext* ctx,
                                        const v1::MoveCreditsRequest* req,
                                        v1::ScenarioView* resp) override;
  grpc::ServerUnaryReactor* PromoteScenario(grpc::CallbackServerContext* ctx,
                                            const v1::PromoteScenarioRequest* req,
                                            v1::Programming* resp) override;
  grpc::ServerUnaryReactor* DefineIndicator(grpc::CallbackServerContext* ctx,
                                            const v1::DefineIndicatorRequest* req,
                                            v1::IndicatorView* resp) override;
  grpc::ServerUnaryReactor* GetProgrammeReport(grpc::CallbackServerContext* ctx,
                                               const v1::GetProgrammeReportRequest* req,
                                               api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* RecordMeasurement(grpc::CallbackServerContext* ctx,
                                              const v1::RecordMeasurementRequest* req,
                                              v1::Measurement* resp) override;
  grpc::ServerUnaryReactor* ListProgrammes(grpc::CallbackServerContext* ctx,
                                           const v1::ListProgrammesRequest* req,
                                           v1::ListProgrammesResponse* resp) override;

 private:
  ProgrammeService& programmes_;
  PerformanceService& performance_;
  ProgrammingService& programming_;
  ActionService& actions_;
  ReportService& reports_;
  ScenarioService& scenarios_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_
