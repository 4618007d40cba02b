// IndicatorsService handlers.
#include "api/indicators_service.h"

#include "atlas/core/log.h"
#include "atlas/core/paging.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"
#include "store/pg_programme_store.h"

namespace atlas::indicators {

grpc::ServerUnaryReactor* IndicatorsServiceImpl::ListProgrammes(
    grpc::CallbackServerContext* ctx, const v1::ListProgrammesRequest* req,
    v1::ListProgrammesResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  if (auto caller = authz_.Check(ctx, "atlas.indicators.v1.IndicatorsService.ListProgrammes");
      !caller.ok()) {
    return rpc::Finish(ctx, caller.status());
  }
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req->page_size(), req->page_token(), kDefaultPageSize, kMaxPageSize);
  absl::Status s = page.status();
  if (s.ok()) {
    absl::StatusOr<ProgrammePage> found =
        indicators::ListProgrammes(pool_, page->limit, page->position);
    s = found.status();
    if (found.ok()) {
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
    }
  }
  return rpc::Finish(ctx, s);
}

}  // namespace atlas::indicators
