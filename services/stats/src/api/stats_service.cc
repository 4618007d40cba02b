// StatsService handlers.
#include "api/stats_service.h"

#include "atlas/core/log.h"
#include "atlas/core/paging.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"
#include "store/pg_dataset_store.h"

namespace atlas::stats {

grpc::ServerUnaryReactor* StatsServiceImpl::ListDatasets(grpc::CallbackServerContext* ctx,
                                                         const v1::ListDatasetsRequest* req,
                                                         v1::ListDatasetsResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  if (auto caller = authz_.Check(ctx, "atlas.stats.v1.StatsService.ListDatasets"); !caller.ok()) {
    return rpc::Finish(ctx, caller.status());
  }
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req->page_size(), req->page_token(), kDefaultPageSize, kMaxPageSize);
  absl::Status s = page.status();
  if (s.ok()) {
    absl::StatusOr<DatasetPage> found = stats::ListDatasets(pool_, page->limit, page->position);
    s = found.status();
    if (found.ok()) {
      for (const auto& d : found->items) {
        auto* out = resp->add_datasets();
        out->set_name("datasets/" + d.id);
        out->set_title(d.title);
        out->set_description(d.description);
        out->set_source(d.source);
        out->set_licence(d.licence);
        out->set_reference_year(d.reference_year);
        out->set_observation_count(d.observation_count);
      }
      resp->set_next_page_token(core::NextPageToken(*found));
    }
  }
  return rpc::Finish(ctx, s);
}

}  // namespace atlas::stats
