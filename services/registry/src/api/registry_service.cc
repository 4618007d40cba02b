// RegistryService handlers.
#include "api/registry_service.h"

#include "atlas/core/ids.h"
#include "atlas/core/log.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"

namespace atlas::registry {
void ToProto(const Project& p, v1::Project* out) {
  out->set_name("projects/" + p.id);
  out->set_title(p.title);
  out->set_summary(p.summary);
  for (const auto& t : p.themes) out->add_themes(t);
  for (const auto& r : p.region_codes) out->add_region_codes(r);
  if (p.location) {
    out->mutable_location()->set_latitude(p.location->lat);
    out->mutable_location()->set_longitude(p.location->lng);
  }
  out->set_state(static_cast<v1::ProjectState>(p.state));
  if (!p.organisation.empty()) out->set_organisation("organisations/" + p.organisation);
  out->set_etag(EtagFor(p.revision));
  rpc::SetTimestamp(p.create_time_us, out->mutable_create_time());
  rpc::SetTimestamp(p.update_time_us, out->mutable_update_time());
}

Project FromProto(const v1::Project& in) {
  Project p;
  p.title = in.title();
  p.summary = in.summary();
  p.themes.assign(in.themes().begin(), in.themes().end());
  p.region_codes.assign(in.region_codes().begin(), in.region_codes().end());
  if (in.has_location()) p.location = LatLng{in.location().latitude(), in.location().longitude()};
  if (!in.organisation().empty()) {
    // A name without the prefix stays invalid (domain validation reports it).
    p.organisation =
        core::IdOf(in.organisation(), "organisations/").value_or("-" + in.organisation());
  }
  return p;
}

Viewer ViewerOf(const rpc::Caller& caller) {
  return {.sees_all = caller.SeesAllOrganisations(), .organisation = caller.OrganisationId()};
}

std::string EncodeProjectUpdated(const Project& p, const std::vector<std::string>& changed_fields) {
  events::v1::ProjectUpdated e;
  ToProto(p, e.mutable_project());
  for (const auto& f : changed_fields) e.add_changed_fields(f);
  return e.SerializeAsString();
}

std::string EncodeProjectCreated(const Project& p) {
  events::v1::ProjectCreated e;
  ToProto(p, e.mutable_project());
  return e.SerializeAsString();
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateProject(grpc::CallbackServerContext* ctx,
                                                             const v1::CreateProjectRequest* req,
                                                             v1::Project* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.CreateProject");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<Project> p =
      service_.Create(FromProto(req->project()), req->request_id(), ViewerOf(*caller));
  if (p.ok()) ToProto(*p, resp);
  return rpc::Finish(ctx, p.status());
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdateProject(grpc::CallbackServerContext* ctx,
                                                             const v1::UpdateProjectRequest* req,
                                                             v1::Project* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.UpdateProject");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  // The etag travels in the body, or as HTTP If-Match (forwarded as metadata).
  std::string etag = req->project().etag();
  if (etag.empty()) {
    auto it = ctx->client_metadata().find("if-match");
    if (it != ctx->client_metadata().end()) etag.assign(it->second.data(), it->second.size());
  }
  const std::vector<std::string> fields(req->update_mask().paths().begin(),
                                        req->update_mask().paths().end());
  absl::StatusOr<Project> p = service_.Update(req->project().name(), etag,
                                              FromProto(req->project()), fields, ViewerOf(*caller));
  if (p.ok()) ToProto(*p, resp);
  return rpc::Finish(ctx, p.status());
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetProject(grpc::CallbackServerContext* ctx,
                                                          const v1::GetProjectRequest* req,
                                                          v1::Project* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.GetProject");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<Project> p = service_.Get(req->name(), ViewerOf(*caller));
  if (p.ok()) ToProto(*p, resp);
  return rpc::Finish(ctx, p.status());
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListProjects(grpc::CallbackServerContext* ctx,
                                                            const v1::ListProjectsRequest* req,
                                                            v1::ListProjectsResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.ListProjects");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<ListResult> r =
      service_.List(req->page_size(), req->page_token(), ViewerOf(*caller));
  if (r.ok()) {
    for (const auto& p : r->projects) ToProto(p, resp->add_projects());
    resp->set_next_page_token(r->next_page_token);
  }
  return rpc::Finish(ctx, r.status());
}

}  // namespace atlas::registry
