// gRPC adapter for atlas.indicators.v1.IndicatorsService: proto <-> domain.
#ifndef ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_
#define ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_

#include "atlas/indicators/v1/indicators_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::indicators {

class ProgrammeService;

class IndicatorsServiceImpl final
    : public atlas::indicators::v1::IndicatorsService::CallbackService {
 public:
  IndicatorsServiceImpl(ProgrammeService& programmes, rpc::Authorizer& authz)
      : programmes_(programmes), authz_(authz) {}
  grpc::ServerUnaryReactor* ListProgrammes(grpc::CallbackServerContext* ctx,
                                           const v1::ListProgrammesRequest* req,
                                           v1::ListProgrammesResponse* resp) override;

 private:
  ProgrammeService& programmes_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_API_INDICATORS_SERVICE_H_
