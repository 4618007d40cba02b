// gRPC adapter for atlas.geo.v1.GeoService.
#ifndef ATLAS_GEO_API_GEO_SERVICE_H_
#define ATLAS_GEO_API_GEO_SERVICE_H_

#include "atlas/geo/v1/geo_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::db {
class Pool;
}

namespace atlas::geo {

class GeoServiceImpl final : public atlas::geo::v1::GeoService::CallbackService {
 public:
  GeoServiceImpl(db::Pool& pool, rpc::Authorizer& authz) : pool_(pool), authz_(authz) {}
  grpc::ServerUnaryReactor* SearchProjectLocations(
      grpc::CallbackServerContext* ctx, const v1::SearchProjectLocationsRequest* req,
      v1::SearchProjectLocationsResponse* resp) override;

 private:
  db::Pool& pool_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_API_GEO_SERVICE_H_
