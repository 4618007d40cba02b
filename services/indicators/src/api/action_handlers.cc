// atlas.indicators.v1.IndicatorsService: actions and their projects (proto <-> domain).
#include "atlas/rpc/handler.h"
#include "indicators/api/indicators_service.h"
#include "indicators/api/proto_convert.h"
#include "indicators/domain/actions.h"

namespace atlas::indicators {
namespace {

void ToProto(const Action& a, v1::Action* out) {
  out->set_name("actions/" + a.id);
  out->set_programme("programmes/" + a.programme);
  out->set_code(a.code);
  ToTexts(a.title, out->mutable_title());
  out->set_region(a.region);
  out->set_demo(a.demo);
  for (const LinkedProject& p : a.projects) {
    v1::ActionProject* o = out->add_projects();
    o->set_project(p.project);
    o->set_public_(p.is_public);
    ToTexts(p.title, o->mutable_title());
    o->set_status(p.status);
    o->set_demo(p.demo);
  }
}

bool Analyst(const rpc::Caller& c) { return c.HasRole("analyst") || c.HasRole("admin"); }

}  // namespace

grpc::ServerUnaryReactor* IndicatorsServiceImpl::GetAction(grpc::CallbackServerContext* ctx,
                                                           const v1::GetActionRequest* req,
                                                           v1::Action* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.GetAction",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto a = actions_.Get(Strip(req->name(), "actions/"), Analyst(caller));
                      if (!a.ok()) return a.status();
                      ToProto(*a, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::LinkActionProject(
    grpc::CallbackServerContext* ctx, const v1::LinkActionProjectRequest* req, v1::Action* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.LinkActionProject",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      const std::string id = Strip(req->name(), "actions/");
                      if (auto s = actions_.Link(id, req->project(), caller.subject); !s.ok()) {
                        return s;
                      }
                      auto a = actions_.Get(id, true);
                      if (!a.ok()) return a.status();
                      ToProto(*a, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::UnlinkActionProject(
    grpc::CallbackServerContext* ctx, const v1::LinkActionProjectRequest* req, v1::Action* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.UnlinkActionProject",
                    [&](const rpc::Caller&) -> absl::Status {
                      const std::string id = Strip(req->name(), "actions/");
                      if (auto s = actions_.Unlink(id, req->project()); !s.ok()) return s;
                      auto a = actions_.Get(id, true);
                      if (!a.ok()) return a.status();
                      ToProto(*a, resp);
                      return absl::OkStatus();
                    });
}

namespace {

void ToProto(const ScheduledAction& a, v1::ScheduledAction* out) {
  out->set_name("actions/" + a.id);
  out->set_code(a.code);
  ToTexts(a.title, out->mutable_title());
  out->set_region(a.region);
  out->set_starts(a.starts);
  out->set_ends(a.ends);
  out->set_demo(a.demo);
  for (const Milestone& m : a.milestones) {
    v1::ActionMilestone* o = out->add_milestones();
    o->set_due(m.due);
    ToTexts(m.title, o->mutable_title());
    o->set_done(m.done);
  }
}

}  // namespace

grpc::ServerUnaryReactor* IndicatorsServiceImpl::GetChronogramme(
    grpc::CallbackServerContext* ctx, const v1::GetChronogrammeRequest* req,
    v1::Chronogramme* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.GetChronogramme",
                    [&](const rpc::Caller&) -> absl::Status {
                      auto c = actions_.GetChronogramme(Strip(req->name(), "programmes/"),
                                                        req->region());
                      if (!c.ok()) return c.status();
                      resp->set_programme("programmes/" + c->programme);
                      resp->set_from(c->from);
                      resp->set_to(c->to);
                      for (const ScheduledAction& a : c->actions) ToProto(a, resp->add_actions());
                      for (const ScheduledAction& a : c->unscheduled) {
                        ToProto(a, resp->add_unscheduled());
                      }
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::ListOrganisationActions(
    grpc::CallbackServerContext* ctx, const v1::ListOrganisationActionsRequest* req,
    v1::ListOrganisationActionsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.ListOrganisationActions",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto actions = actions_.ForOrganisation(
                          Strip(req->organisation(), "organisations/"), caller.OrganisationId(),
                          caller.SeesAllOrganisations());
                      if (!actions.ok()) return actions.status();
                      for (const Action& a : *actions) ToProto(a, resp->add_actions());
                      return absl::OkStatus();
                    });
}

}  // namespace atlas::indicators
