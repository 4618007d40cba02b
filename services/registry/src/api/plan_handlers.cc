// RegistryService: the co-construction workspace (joint action plans).
#include <google/protobuf/util/time_util.h>

#include "absl/time/clock.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/handler.h"
#include "registry/api/registry_service.h"
#include "registry/api/support.h"
#include "registry/domain/plan.h"

namespace atlas::registry {

namespace {

PlanCaller PlanCallerOf(const rpc::Caller& caller) {
  return {.subject = caller.subject,
          .name = caller.username,
          .organisation = caller.OrganisationId(),
          .staff = caller.SeesAllOrganisations(),
          .admin = caller.HasRole("admin")};
}

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::WithPlans(
    grpc::CallbackServerContext* ctx, std::string_view method,
    const std::function<absl::Status(PlanService&, const PlanCaller&)>& fn) {
  return rpc::Unary(ctx, authz_, method, [&](const rpc::Caller& caller) {
    return With<PlanService>(rooms_.plans, "co-construction plans",
                             [&](PlanService& plans) { return fn(plans, PlanCallerOf(caller)); });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListPlans(grpc::CallbackServerContext* ctx,
                                                         const v1::ListPlansRequest* /*req*/,
                                                         v1::ListPlansResponse* resp) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.ListPlans",
                   [&](PlanService& plans, const PlanCaller& c) -> absl::Status {
                     auto all = plans.List(c);
                     if (!all.ok()) return all.status();
                     for (auto& p : *all) *resp->add_plans() = std::move(p);
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetPlan(grpc::CallbackServerContext* ctx,
                                                       const v1::GetPlanRequest* req,
                                                       v1::Plan* resp) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.GetPlan",
                   [&](PlanService& plans, const PlanCaller& c) {
                     return Put(plans.Get(req->name(), req->revision(), c), resp);
                   });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ExportPlan(grpc::CallbackServerContext* ctx,
                                                          const v1::ExportPlanRequest* req,
                                                          api::v1::HttpBody* resp) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.ExportPlan",
                   [&](PlanService& plans, const PlanCaller& c) -> absl::Status {
                     const std::string format = req->format().empty() ? "csv" : req->format();
                     if (format != "csv" && format != "ics") {
                       return core::InvalidFields({core::Violation("format", kPlanExportFormat)});
                     }
                     auto p = plans.Get(req->name(), 0, c);
                     if (!p.ok()) return p.status();
                     const std::string base = "plan-" + PlanId(p->name()).value_or("plan");
                     if (format == "csv") {
                       resp->set_content_type("text/csv; charset=utf-8");
                       resp->set_file_name(base + ".csv");
                       resp->set_data(PlanCsv(*p));
                     } else {
                       resp->set_content_type("text/calendar; charset=utf-8");
                       resp->set_file_name(base + ".ics");
                       resp->set_data(PlanIcs(*p, absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(),
                                                                   absl::UTCTimeZone())));
                     }
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreatePlan(grpc::CallbackServerContext* ctx,
                                                          const v1::CreatePlanRequest* req,
                                                          v1::Plan* resp) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.CreatePlan",
                   [&](PlanService& plans, const PlanCaller& c) {
                     return Put(plans.Create(req->plan(), req->request_id(), c), resp);
                   });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdatePlan(grpc::CallbackServerContext* ctx,
                                                          const v1::UpdatePlanRequest* req,
                                                          v1::Plan* resp) {
  return WithPlans(
      ctx, "atlas.registry.v1.RegistryService.UpdatePlan",
      [&](PlanService& plans, const PlanCaller& c) {
        const std::vector<std::string> paths(req->update_mask().paths().begin(),
                                             req->update_mask().paths().end());
        return Put(plans.Update(req->plan(), paths, EtagOf(ctx, req->plan().etag()), c), resp);
      });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::DeletePlan(grpc::CallbackServerContext* ctx,
                                                          const v1::DeletePlanRequest* req,
                                                          google::protobuf::Empty* /*resp*/) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.DeletePlan",
                   [&](PlanService& plans, const PlanCaller& c) {
                     return plans.Delete(req->name(), EtagOf(ctx, req->etag()), c);
                   });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListPlanRevisions(
    grpc::CallbackServerContext* ctx, const v1::ListPlanRevisionsRequest* req,
    v1::ListPlanRevisionsResponse* resp) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.ListPlanRevisions",
                   [&](PlanService& plans, const PlanCaller& c) -> absl::Status {
                     auto all = plans.Revisions(req->parent(), c);
                     if (!all.ok()) return all.status();
                     for (auto& r : *all) *resp->add_revisions() = std::move(r);
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListPlanComments(
    grpc::CallbackServerContext* ctx, const v1::ListPlanCommentsRequest* req,
    v1::ListPlanCommentsResponse* resp) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.ListPlanComments",
                   [&](PlanService& plans, const PlanCaller& c) -> absl::Status {
                     auto all = plans.Comments(req->parent(), req->activity(), c);
                     if (!all.ok()) return all.status();
                     for (auto& x : *all) *resp->add_comments() = std::move(x);
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreatePlanComment(
    grpc::CallbackServerContext* ctx, const v1::CreatePlanCommentRequest* req,
    v1::PlanComment* resp) {
  return WithPlans(ctx, "atlas.registry.v1.RegistryService.CreatePlanComment",
                   [&](PlanService& plans, const PlanCaller& c) {
                     return Put(plans.Comment(req->parent(), req->comment(), req->request_id(), c),
                                resp);
                   });
}

}  // namespace atlas::registry
