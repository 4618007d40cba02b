// gRPC adapter for atlas.stats.v1.StatsService: proto <-> domain, the SDMX
// documents as HTTP bodies, nothing more.
#ifndef ATLAS_STATS_API_STATS_SERVICE_H_
#define ATLAS_STATS_API_STATS_SERVICE_H_

#include "atlas/stats/v1/stats_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
struct Caller;
}  // namespace atlas::rpc

namespace atlas::stats {

class DatasetService;
class DataSourceService;
class ProjectCountStore;

class StatsServiceImpl final : public atlas::stats::v1::StatsService::CallbackService {
 public:
  StatsServiceImpl(DatasetService& datasets, DataSourceService& sources,
                   ProjectCountStore& projects, rpc::Authorizer& authz)
      : datasets_(datasets), sources_(sources), projects_(projects), authz_(authz) {}
  grpc::ServerUnaryReactor* GetProjectCoverage(grpc::CallbackServerContext* ctx,
                                               const v1::GetProjectCoverageRequest* req,
                                               v1::ProjectCoverage* resp) override;
  grpc::ServerUnaryReactor* ListDataSources(grpc::CallbackServerContext* ctx,
                                            const v1::ListDataSourcesRequest* req,
                                            v1::ListDataSourcesResponse* resp) override;
  grpc::ServerUnaryReactor* GetDataSource(grpc::CallbackServerContext* ctx,
                                          const v1::GetDataSourceRequest* req,
                                          v1::DataSource* resp) override;
  grpc::ServerUnaryReactor* CreateDataSource(grpc::CallbackServerContext* ctx,
                                             const v1::CreateDataSourceRequest* req,
                                             v1::DataSource* resp) override;
  grpc::ServerUnaryReactor* UpdateDataSource(grpc::CallbackServerContext* ctx,
                                             const v1::UpdateDataSourceRequest* req,
                                             v1::DataSource* resp) override;
  grpc::ServerUnaryReactor* ListDatasets(grpc::CallbackServerContext* ctx,
                                         const v1::ListDatasetsRequest* req,
                                         v1::ListDatasetsResponse* resp) override;
  grpc::ServerUnaryReactor* GetDataset(grpc::CallbackServerContext* ctx,
                                       const v1::GetDatasetRequest* req,
                                       v1::Dataset* resp) override;
  grpc::ServerUnaryReactor* QueryDataset(grpc::CallbackServerContext* ctx,
                                         const v1::QueryDatasetRequest* req,
                                         v1::QueryDatasetResponse* resp) override;
  grpc::ServerUnaryReactor* GetSdmxDataflows(grpc::CallbackServerContext* ctx,
                                             const v1::GetSdmxStructureRequest* req,
                                             api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* GetSdmxDataStructures(grpc::CallbackServerContext* ctx,
                                                  const v1::GetSdmxStructureRequest* req,
                                                  api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* GetSdmxCodelists(grpc::CallbackServerContext* ctx,
                                             const v1::GetSdmxStructureRequest* req,
                                             api::v1::HttpBody* resp) override;
  grpc::ServerUnaryReactor* GetSdmxData(grpc::CallbackServerContext* ctx,
                                        const v1::GetSdmxDataRequest* req,
                                        api::v1::HttpBody* resp) override;

  grpc::ServerUnaryReactor* ImportDatasetVersion(grpc::CallbackServerContext* ctx,
                                                 const v1::ImportDatasetVersionRequest* req,
                                                 v1::ImportReport* resp) override;
  grpc::ServerReadReactor<v1::ImportDatasetVersionRequest>* ImportDatasetVersionStream(
      grpc::CallbackServerContext* ctx, v1::ImportReport* resp) override;
  grpc::ServerUnaryReactor* ListDatasetVersions(grpc::CallbackServerContext* ctx,
                                                const v1::ListDatasetVersionsRequest* req,
                                                v1::ListDatasetVersionsResponse* resp) override;
  grpc::ServerUnaryReactor* ReleaseDatasetVersion(grpc::CallbackServerContext* ctx,
                                                  const v1::ReleaseDatasetVersionRequest* req,
                                                  v1::DatasetVersion* resp) override;
  grpc::ServerUnaryReactor* DiffDatasetVersions(grpc::CallbackServerContext* ctx,
                                                const v1::DiffDatasetVersionsRequest* req,
                                                v1::DiffDatasetVersionsResponse* resp) override;

 private:
  grpc::ServerUnaryReactor* Structure(grpc::CallbackServerContext* ctx, std::string_view method,
                                      int what, const v1::GetSdmxStructureRequest* req,
                                      api::v1::HttpBody* resp);

  DatasetService& datasets_;
  DataSourceService& sources_;
  ProjectCountStore& projects_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::stats

#endif  // ATLAS_STATS_API_STATS_SERVICE_H_
