// gRPC adapter for atlas.geo.v1.GeoService.
#ifndef ATLAS_GEO_API_GEO_SERVICE_H_
#define ATLAS_GEO_API_GEO_SERVICE_H_

#include <atomic>
#include <condition_variable>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "atlas/geo/v1/geo_service.grpc.pb.h"
#include "domain/lru_cache.h"

namespace atlas::rpc {
class Authorizer;
}

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
}  // namespace prometheus

namespace atlas::db {
class Pool;
}

namespace atlas::geo {

class MapModel;

// The current in-memory model: loaded at start, reloaded by a background
// thread whenever the read model's generation changes (checked every
// `poll`, and at once after Nudge()). With `metrics`: the loaded generation,
// its number of project versions, load durations and failures.
class MapModelHolder {
 public:
  MapModelHolder(db::Pool& pool, std::chrono::milliseconds poll,
                 prometheus::Registry* metrics = nullptr);
  ~MapModelHolder();
  std::shared_ptr<const MapModel> Current() const;
  void Nudge();

 private:
  void Run();
  db::Pool& pool_;
  std::chrono::milliseconds poll_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, nudged_ = false;
  std::shared_ptr<const MapModel> model_;
  prometheus::Gauge* generation_ = nullptr;
  prometheus::Gauge* versions_ = nullptr;
  prometheus::Histogram* load_seconds_ = nullptr;
  prometheus::Counter* failures_ = nullptr;
  std::thread thread_;
};

class GeoServiceImpl final : public atlas::geo::v1::GeoService::CallbackService {
 public:
  // `public_base_url` prefixes TileJSON's tile URLs ("" = relative URLs).
  GeoServiceImpl(db::Pool& pool, rpc::Authorizer& authz, MapModelHolder& model,
                 std::string public_base_url = "");
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
  absl::StatusOr<std::shared_ptr<const std::string>> CachedBoundaryTile(int z, int x, int y);
  absl::StatusOr<std::shared_ptr<const std::map<std::string, std::string>>> Geometries(
      const std::string& level, int zoom);

  db::Pool& pool_;
  rpc::Authorizer& authz_;
  MapModelHolder& model_;
  const std::string public_base_url_;
  std::mutex cache_mu_;  // geometries_
  // Boundary tiles (static reference data): most recently used first.
  LruCache<std::string> tiles_{4096};
  std::map<std::string, std::shared_ptr<const std::map<std::string, std::string>>> geometries_;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_API_GEO_SERVICE_H_
