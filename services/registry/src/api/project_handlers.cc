// RegistryService: projects (record, workflow, search, history, similar).
#include "registry/api/registry_service.h"

#include <algorithm>
#include <type_traits>

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

Actor ActorOf(const rpc::Caller& caller) {
  return {.viewer = {.sees_all = caller.SeesAllOrganisations(),
                     .organisation = caller.OrganisationId()},
          .subject = caller.subject,
          .name = caller.username};
}

grpc::ServerUnaryReactor* RegistryServiceImpl::Handle(
    grpc::CallbackServerContext* ctx, std::string_view method,
    const std::function<absl::Status(const Actor&)>& fn) {
  return rpc::Unary(ctx, authz_, method, [&](const rpc::Caller& caller) {
    // A write's answer says which generation of the change log it committed
    // (any newer is as good): a gateway passes it on with the anonymous
    // searches that follow, which then reflect the write (decision 0040).
    const int64_t before = service_.WrittenGeneration();
    absl::Status s = fn(ActorOf(caller));
    if (const int64_t after = service_.WrittenGeneration(); after > before) {
      ctx->AddTrailingMetadata(rpc::kSearchGenerationKey, absl::StrCat(after));
    }
    return s;
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateProject(grpc::CallbackServerContext* ctx,
                                                             const v1::CreateProjectRequest* req,
                                                             v1::Project* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateProject", [&](const Actor& actor) {
    return Reply(service_.Create(req->project(), OrganisationIdOf(req->project().organisation()),
                                 req->request_id(), req->project().demo(), actor),
                 resp);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdateProject(grpc::CallbackServerContext* ctx,
                                                             const v1::UpdateProjectRequest* req,
                                                             v1::Project* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.UpdateProject", [&](const Actor& actor) {
    const std::string etag = EtagOf(ctx, req->project().etag());
    const std::vector<std::string> paths(req->update_mask().paths().begin(),
                                         req->update_mask().paths().end());
    return Reply(service_.Update(req->project().name(), etag, req->project(), paths, actor), resp);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetProject(grpc::CallbackServerContext* ctx,
                                                          const v1::GetProjectRequest* req,
                                                          v1::Project* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.GetProject", [&](const Actor& actor) {
    const int64_t as_of =
        req->has_as_of() ? google::protobuf::util::TimeUtil::TimestampToMicroseconds(req->as_of())
                         : 0;
    return Reply(service_.Get(req->name(), req->view(), as_of, req->revision(), actor), resp);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListProjects(grpc::CallbackServerContext* ctx,
                                                            const v1::ListProjectsRequest* req,
                                                            v1::ListProjectsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListProjects", [&](const Actor& actor) {
    // The gateway's generation (anything else: every committed write).
    Freshness fresh;
    if (int64_t seen = 0;
        absl::SimpleAtoi(rpc::CallerMetadata(ctx, rpc::kSearchGenerationKey), &seen) && seen >= 0) {
      fresh.seen = seen;
    }
    absl::StatusOr<ListResult> r = service_.List(*req, actor, fresh);
    if (!r.ok()) return r.status();
    for (const auto& p : r->projects) ToProto(*p, resp->add_projects());
    resp->set_next_page_token(r->next_page_token);
    resp->set_total_size(r->total);
    for (const auto& [field, values] : r->facets) {
      v1::Facet* f = resp->add_facets();
      f->set_field(field);
      for (const auto& v : values) {
        v1::FacetValue* fv = f->add_values();
        int state = 0;
        // Workflow states are counted by number, shown by name like the field.
        if (field == "states" && absl::SimpleAtoi(v.value, &state) &&
            v1::ProjectState_IsValid(state)) {
          fv->set_value(v1::ProjectState_Name(static_cast<v1::ProjectState>(state)));
        } else {
          fv->set_value(v.value);
        }
        fv->set_count(v.count);
      }
    }
    return absl::OkStatus();
  });
}

template <typename Request>
grpc::ServerUnaryReactor* RegistryServiceImpl::Transition(grpc::CallbackServerContext* ctx,
                                                          std::string_view method, Action action,
                                                          const Request* req, v1::Project* resp) {
  return Handle(ctx, method, [&](const Actor& actor) {
    std::string reason;
    if constexpr (std::is_same_v<Request, v1::RejectProjectRequest>) reason = req->reason();
    return Reply(service_.Transition(action, req->name(), EtagOf(ctx, req->etag()), reason, actor),
                 resp);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::SubmitProject(grpc::CallbackServerContext* ctx,
                                                             const v1::SubmitProjectRequest* req,
                                                             v1::Project* resp) {
  return Transition(ctx, "atlas.registry.v1.RegistryService.SubmitProject", Action::kSubmitted, req,
                    resp);
}

grpc::ServerUnaryReactor* RegistryServiceImpl::PublishProject(grpc::CallbackServerContext* ctx,
                                                              const v1::PublishProjectRequest* req,
                                                              v1::Project* resp) {
  return Transition(ctx, "atlas.registry.v1.RegistryService.PublishProject", Action::kPublished,
                    req, resp);
}

grpc::ServerUnaryReactor* RegistryServiceImpl::RejectProject(grpc::CallbackServerContext* ctx,
                                                             const v1::RejectProjectRequest* req,
                                                             v1::Project* resp) {
  return Transition(ctx, "atlas.registry.v1.RegistryService.RejectProject", Action::kRejected, req,
                    resp);
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ArchiveProject(grpc::CallbackServerContext* ctx,
                                                              const v1::ArchiveProjectRequest* req,
                                                              v1::Project* resp) {
  return Transition(ctx, "atlas.registry.v1.RegistryService.ArchiveProject", Action::kArchived, req,
                    resp);
}

grpc::ServerUnaryReactor* RegistryServiceImpl::SetGoodPractice(
    grpc::CallbackServerContext* ctx, const v1::SetGoodPracticeRequest* req, v1::Project* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.SetGoodPractice", [&](const Actor& actor) {
    return Reply(service_.SetGoodPractice(req->name(), req->good_practice(), req->etag(), actor),
                 resp);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListProjectRevisions(
    grpc::CallbackServerContext* ctx, const v1::ListProjectRevisionsRequest* req,
    v1::ListProjectRevisionsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListProjectRevisions",
                [&](const Actor& actor) {
                  absl::StatusOr<RevisionList> r =
                      service_.Revisions(req->name(), req->page_size(), req->page_token(), actor);
                  if (!r.ok()) return r.status();
                  for (const Revision& rev : r->revisions) {
                    v1::ProjectRevision* out = resp->add_revisions();
                    out->set_name(absl::StrCat(req->name(), "/revisions/", rev.revision));
                    out->set_revision(rev.revision);
                    out->set_action(rev.action);
                    out->set_actor(rev.actor);
                    out->set_actor_name(rev.actor_name);
                    if (!rev.actor_organisation.empty()) {
                      out->set_actor_organisation("organisations/" + rev.actor_organisation);
                    }
                    rpc::SetTimestamp(rev.time_us, out->mutable_create_time());
                    for (const auto& f : rev.changed_fields) out->add_changed_fields(f);
                    out->set_state(static_cast<v1::ProjectState>(rev.state));
                    out->set_reason(rev.reason);
                  }
                  resp->set_next_page_token(r->next_page_token);
                  return absl::OkStatus();
                });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::DiffProjectRevisions(
    grpc::CallbackServerContext* ctx, const v1::DiffProjectRevisionsRequest* req,
    v1::DiffProjectRevisionsResponse* resp) {
  return Handle(
      ctx, "atlas.registry.v1.RegistryService.DiffProjectRevisions", [&](const Actor& actor) {
        absl::StatusOr<DiffResult> d =
            service_.DiffRevisions(req->name(), req->from_revision(), req->to_revision(), actor);
        if (!d.ok()) return d.status();
        resp->set_from_revision(d->from);
        resp->set_to_revision(d->to);
        for (const FieldChange& c : d->changes) {
          v1::FieldChange* out = resp->add_changes();
          out->set_field(c.field);
          out->set_old_value(c.old_value);
          out->set_new_value(c.new_value);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::SimilarProjects(
    grpc::CallbackServerContext* ctx, const v1::SimilarProjectsRequest* req,
    v1::SimilarProjectsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.SimilarProjects", [&](const Actor& actor) {
    absl::StatusOr<SimilarResult> similar = service_.Similar(req->name(), req->page_size(), actor);
    if (!similar.ok()) return similar.status();
    const v1::Project& c = similar->source.content;
    for (const Match& m : similar->matches) {
      v1::SimilarProject* out = resp->add_projects();
      ToProto(m.project, out->mutable_project());
      out->set_score(m.score);
      for (const auto& t : m.project.content.themes()) {
        if (std::find(c.themes().begin(), c.themes().end(), t) != c.themes().end()) {
          out->add_shared_themes(t);
        }
      }
      bool same = false;
      for (const auto& r : m.project.content.region_codes()) {
        same |= std::find(c.region_codes().begin(), c.region_codes().end(), r) !=
                c.region_codes().end();
      }
      for (const auto& r : m.project.content.province_codes()) {
        same |= std::find(c.province_codes().begin(), c.province_codes().end(), r) !=
                c.province_codes().end();
      }
      out->set_same_region(same);
      out->set_relation(same ? "possible_duplicate" : "replication_opportunity");
    }
    return absl::OkStatus();
  });
}

}  // namespace atlas::registry
