// IndicatorsService handlers.
#include "indicators/api/indicators_service.h"

#include "atlas/core/paging.h"
#include "atlas/rpc/handler.h"
#include "indicators/domain/programme_service.h"

namespace atlas::indicators {

grpc::ServerUnaryReactor* IndicatorsServiceImpl::ListProgrammes(
    grpc::CallbackServerContext* ctx, const v1::ListProgrammesRequest* req,
    v1::ListProgrammesResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.ListProgrammes",
                    [&](const rpc::Caller&) -> absl::Status {
                      absl::StatusOr<ProgrammePage> found =
                          programmes_.List(req->page_size(), req->page_token());
                      if (!found.ok()) return found.status();
                      for (const auto& p : found->items) {
                        auto* out = resp->add_programmes();
                        out->set_name("programmes/" + p.id);
                        out->set_code(p.code);
                        out->set_title_fr(p.title_fr);
                        out->set_title_ar(p.title_ar);
                        out->set_title_en(p.title_en);
                        out->set_demo(p.demo);
                      }
                      resp->set_next_page_token(core::NextPageToken(*found));
                      return absl::OkStatus();
                    });
}

}  // namespace atlas::indicators
