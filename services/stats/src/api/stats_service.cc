// StatsService handlers.
#include "stats/api/stats_service.h"

#include "atlas/core/paging.h"
#include "atlas/rpc/handler.h"
#include "stats/domain/dataset_service.h"

namespace atlas::stats {

grpc::ServerUnaryReactor* StatsServiceImpl::ListDatasets(grpc::CallbackServerContext* ctx,
                                                         const v1::ListDatasetsRequest* req,
                                                         v1::ListDatasetsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.ListDatasets",
                    [&](const rpc::Caller&) -> absl::Status {
                      absl::StatusOr<DatasetPage> found =
                          datasets_.List(req->page_size(), req->page_token());
                      if (!found.ok()) return found.status();
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
                      return absl::OkStatus();
                    });
}

}  // namespace atlas::stats
