// RegistryService: consultations.
#include "registry/api/registry_service.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atlas/core/log.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "google/protobuf/util/time_util.h"
#include "registry/api/support.h"
#include "registry/domain/exchange.h"
#include "registry/domain/project_proto.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

namespace {

ConsultationCaller ConsultationCallerOf(const Actor& actor) {
  return {.name = actor.name, .sees_all = actor.viewer.sees_all};
}

absl::Status WithConsultations(ConsultationService* store,
                               const std::function<absl::Status(ConsultationService&)>& fn) {
  return With(store, "consultations", fn);
}

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateConsultation(
    grpc::CallbackServerContext* ctx, const v1::CreateConsultationRequest* req,
    v1::Consultation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateConsultation", [&](const Actor& a) {
    return WithConsultations(rooms_.consultations, [&](ConsultationService& store) {
      return Put(store.Create(req->consultation(), ConsultationCallerOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListConsultations(
    grpc::CallbackServerContext* ctx, const v1::ListConsultationsRequest* /*req*/,
    v1::ListConsultationsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListConsultations", [&](const Actor& a) {
    return WithConsultations(rooms_.consultations, [&](ConsultationService& store) -> absl::Status {
      auto r = store.List(ConsultationCallerOf(a));
      if (!r.ok()) return r.status();
      for (auto& c : *r) *resp->add_consultations() = std::move(c);
      return absl::OkStatus();
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetConsultation(
    grpc::CallbackServerContext* ctx, const v1::GetConsultationRequest* req,
    v1::Consultation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.GetConsultation", [&](const Actor& a) {
    return WithConsultations(rooms_.consultations, [&](ConsultationService& store) {
      return Put(store.Get(req->name(), ConsultationCallerOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CastBallot(grpc::CallbackServerContext* ctx,
                                                          const v1::CastBallotRequest* req,
                                                          v1::Consultation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CastBallot", [&](const Actor& a) {
    return WithConsultations(rooms_.consultations, [&](ConsultationService& store) {
      return Put(store.Cast(req->name(), req->scores(), ConsultationCallerOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CloseConsultation(
    grpc::CallbackServerContext* ctx, const v1::CloseConsultationRequest* req,
    v1::Consultation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CloseConsultation", [&](const Actor& a) {
    return WithConsultations(rooms_.consultations, [&](ConsultationService& store) {
      return Put(store.Close(req->name(), ConsultationCallerOf(a)), resp);
    });
  });
}

}  // namespace atlas::registry
