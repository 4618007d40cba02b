// gRPC adapter for atlas.indicators.v1.IndicatorsService: proto <-> domain.
#ifndef ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_
#define ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_

#include "atlas/indicators/v1/indicators_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::indicators {

class ProgrammeService;
class PerformanceService;

class IndicatorsServiceImpl final
    : public atlas::indicators::v1::IndicatorsService::CallbackService {
 public:
  IndicatorsServiceImpl(ProgrammeService& programmes, PerformanceService& performance,
                        rpc::Authorizer& authz)
      : programmes_(programmes), performance_(performance), authz_(authz) {}
  grpc::ServerUnaryReactor* GetProgrammeDashboard(grpc::CallbackServerContext* ctx,
                                                  const v1::GetProgrammeDashboardRequest* req,
                                                  v1::ProgrammeDashboard* resp) override;
  grpc::ServerUnaryReactor* RecordMeasurement(grpc::CallbackServerContext* ctx,
                                              const v1::RecordMeasurementRequest* req,
                                              v1::Measurement* resp) override;
  grpc::ServerUnaryReactor* ListProgrammes(grpc::CallbackServerContext* ctx,
                                           const v1::ListProgrammesRequest* req,
                                           v1::ListProgrammesResponse* resp) override;

 private:
  ProgrammeService& programmes_;
  PerformanceService& performance_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_
