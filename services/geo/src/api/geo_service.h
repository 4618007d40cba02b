// gRPC adapter for atlas.geo.v1.GeoService: proto <-> domain (MapService).
#ifndef ATLAS_GEO_API_GEO_SERVICE_H_
#define ATLAS_GEO_API_GEO_SERVICE_H_

#include "atlas/geo/v1/geo_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::geo {

class MapService;

class GeoServiceImpl final : public atlas::geo::v1::GeoService::CallbackService {
 public:
  GeoServiceImpl(MapService& map, rpc::Authorizer& authz) : map_(map), authz_(authz) {}
  grpc::ServerUnaryReactor* SearchProjectLocations(
      grpc::CallbackServerContext* ctx, const v1::SearchProjectLocationsRequest* req,
      v1::SearchProjectLocationsResponse* resp) override;
  grpc::ServerUnaryReactor* GetMapFeatures(grpc::CallbackServerContext* ctx,
                                           const v1::GetMapFeaturesRequest* req,
                                           api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* GetMapAreas(grpc::CallbackServerContext* ctx,
                                        const v1::GetMapAreasRequest* req,
                                        api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* GetTile(grpc::CallbackServerContext* ctx, const v1::GetTileRequest* req,
                                    api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* GetTileJson(grpc::CallbackServerContext* ctx,
                                        const v1::GetTileJsonRequest* req,
                                        api::v1::HttpBody* resp) override;

 private:
  MapService& map_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_API_GEO_SERVICE_H_
