// gRPC adapter for atlas.stats.v1.StatsService: proto <-> domain, nothing more.
#ifndef ATLAS_STATS_API_STATS_SERVICE_H_
#define ATLAS_STATS_API_STATS_SERVICE_H_

#include "atlas/stats/v1/stats_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::stats {

class DatasetService;

class StatsServiceImpl final : public atlas::stats::v1::StatsService::CallbackService {
 public:
  StatsServiceImpl(DatasetService& datasets, rpc::Authorizer& authz)
      : datasets_(datasets), authz_(authz) {}
  grpc::ServerUnaryReactor* ListDatasets(grpc::CallbackServerContext* ctx,
                                         const v1::ListDatasetsRequest* req,
                                         v1::ListDatasetsResponse* resp) override;

 private:
  DatasetService& datasets_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_API_STATS_SERVICE_H_
