// RegistryService: evaluations and the portfolio analysis.
#include "registry/api/registry_service.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atlas/core/log.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "google/protobuf/util/time_util.h"
#include "registry/api/support.h"
#include "registry/domain/exchange.h"
#include "registry/domain/project_proto.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateEvaluation(
    grpc::CallbackServerContext* ctx, const v1::CreateEvaluationRequest* req,
    v1::Evaluation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateEvaluation", [&](const Actor& actor) {
    return With<EvaluationService>(
        rooms_.evaluations, "evaluations", [&](EvaluationService& evaluations) -> absl::Status {
          absl::StatusOr<v1::Evaluation> e =
              evaluations.CreateEvaluation(req->parent(), req->evaluation(), actor);
          if (e.ok()) *resp = *e;
          return e.status();
        });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdateEvaluation(
    grpc::CallbackServerContext* ctx, const v1::UpdateEvaluationRequest* req,
    v1::Evaluation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.UpdateEvaluation", [&](const Actor& actor) {
    return With<EvaluationService>(rooms_.evaluations, "evaluations",
                                   [&](EvaluationService& evaluations) -> absl::Status {
                                     v1::Evaluation e = req->evaluation();
                                     e.set_etag(EtagOf(ctx, e.etag()));
                                     absl::StatusOr<v1::Evaluation> updated =
                                         evaluations.UpdateEvaluation(std::move(e), actor);
                                     if (updated.ok()) *resp = *std::move(updated);
                                     return updated.status();
                                   });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListEvaluations(
    grpc::CallbackServerContext* ctx, const v1::ListEvaluationsRequest* req,
    v1::ListEvaluationsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListEvaluations", [&](const Actor& actor) {
    return With<EvaluationService>(rooms_.evaluations, "evaluations",
                                   [&](EvaluationService& evaluations) -> absl::Status {
                                     absl::StatusOr<std::vector<v1::Evaluation>> list =
                                         evaluations.Evaluations(req->parent(), actor);
                                     if (!list.ok()) return list.status();
                                     for (auto& e : *list) *resp->add_evaluations() = std::move(e);
                                     return absl::OkStatus();
                                   });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::AnalyzePortfolio(
    grpc::CallbackServerContext* ctx, const v1::AnalyzePortfolioRequest* req,
    v1::PortfolioAnalysis* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.AnalyzePortfolio", [&](const Actor&) {
    if (rooms_.portfolio == nullptr) {
      return absl::UnimplementedError("no portfolio analysis in this process");
    }
    absl::StatusOr<v1::PortfolioAnalysis> r = rooms_.portfolio->Analyze(req->working_copies());
    if (!r.ok()) return r.status();
    *resp = *std::move(r);
    // The rates every budget_eur above was converted with (read at start-up).
    *resp->mutable_indicative_rates() = rooms_.rates;
    return absl::OkStatus();
  });
}

}  // namespace atlas::registry
