// RegistryService handlers.
#include "registry/api/registry_service.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "atlas/core/ids.h"
#include "atlas/core/log.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "google/protobuf/util/time_util.h"
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
  return rpc::Unary(ctx, authz_, method,
                    [&](const rpc::Caller& caller) { return fn(ActorOf(caller)); });
}

namespace {

// The etag of a conditional write: in the body, or as HTTP If-Match
// (forwarded by the gateway as metadata).
std::string EtagOf(grpc::CallbackServerContext* ctx, const std::string& in_body) {
  if (!in_body.empty()) return in_body;
  auto it = ctx->client_metadata().find("if-match");
  if (it == ctx->client_metadata().end()) return "";
  return {it->second.data(), it->second.size()};
}

// Who changed a theme: the handle, or the service account.
std::string Author(const Actor& a) { return a.name.empty() ? a.subject : a.name; }

// Writes `p` to `out` if ok; the status either way.
absl::Status Reply(const absl::StatusOr<Project>& p, v1::Project* out) {
  if (p.ok()) ToProto(*p, out);
  return p.status();
}

// "organisations/x" -> "x"; "" -> "" (the caller's). A name without the
// prefix stays invalid: the domain's validation reports it.
std::string OrganisationIdOf(const std::string& name) {
  if (name.empty()) return "";
  return core::IdOf(name, "organisations/").value_or("-" + name);
}

// When an import stops working: the caller's deadline, and never more than
// kMaxImportWork after it starts (a caller without a deadline included).
constexpr absl::Duration kMaxImportWork = absl::Minutes(5);
absl::Time ImportDeadline(const grpc::CallbackServerContext* ctx) {
  return std::min(absl::FromChrono(ctx->deadline()), absl::Now() + kMaxImportWork);
}

// Adds `r` to `resp` (a stream's reports add up), messages in `lang`.
void AddReport(const ImportResult& r, core::Lang lang, v1::ImportProjectsResponse* resp) {
  resp->set_created(resp->created() + r.created);
  resp->set_updated(resp->updated() + r.updated);
  resp->set_unchanged(resp->unchanged() + r.unchanged);
  resp->set_failed(resp->failed() + r.failed);
  for (const ImportIssue& i : r.issues) {
    v1::ImportIssue* out = resp->add_issues();
    out->set_activity(i.activity);
    out->set_element(i.element);
    out->set_message(i.message.In(lang));
  }
  for (const auto& p : r.projects) resp->add_projects(p);
}

}  // namespace

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
    absl::StatusOr<ListResult> r = service_.List(*req, actor);
    if (!r.ok()) return r.status();
    for (const auto& p : r->projects) ToProto(p, resp->add_projects());
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

grpc::ServerUnaryReactor* RegistryServiceImpl::Transition(grpc::CallbackServerContext* ctx,
                                                          std::string_view method, Action action,
                                                          const v1::TransitionRequest* req,
                                                          v1::Project* resp) {
  return Handle(ctx, method, [&](const Actor& actor) {
    return Reply(service_.Transition(action, req->name(), req->etag(), req->reason(), actor), resp);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::SubmitProject(grpc::CallbackServerContext* ctx,
                                                             const v1::TransitionRequest* req,
                                                             v1::Project* resp) {
  return Transition(ctx, "atlas.registry.v1.RegistryService.SubmitProject", Action::kSubmitted, req,
                    resp);
}

grpc::ServerUnaryReactor* RegistryServiceImpl::PublishProject(grpc::CallbackServerContext* ctx,
                                                              const v1::TransitionRequest* req,
                                                              v1::Project* resp) {
  return Transition(ctx, "atlas.registry.v1.RegistryService.PublishProject", Action::kPublished,
                    req, resp);
}

grpc::ServerUnaryReactor* RegistryServiceImpl::RejectProject(grpc::CallbackServerContext* ctx,
                                                             const v1::TransitionRequest* req,
                                                             v1::Project* resp) {
  return Transition(ctx, "atlas.registry.v1.RegistryService.RejectProject", Action::kRejected, req,
                    resp);
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ArchiveProject(grpc::CallbackServerContext* ctx,
                                                              const v1::TransitionRequest* req,
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

grpc::ServerUnaryReactor* RegistryServiceImpl::ExportProjects(grpc::CallbackServerContext* ctx,
                                                              const v1::ExportProjectsRequest* req,
                                                              api::v1::HttpBody* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ExportProjects", [&](const Actor&) {
    const std::string& format = req->format().empty() ? std::string("iati") : req->format();
    if (format != "iati" && format != "csv") {
      return core::InvalidFields({core::Violation("format", kExportFormat)});
    }
    absl::StatusOr<std::vector<Project>> projects = service_.Export(req->filter());
    if (!projects.ok()) return projects.status();
    if (format == "iati") {
      resp->set_content_type("application/xml; charset=utf-8");
      resp->set_file_name("sharaka-atlas-iati.xml");
      resp->set_data(ToIatiXml(*projects, absl::Now(), reporting_));
    } else {
      resp->set_content_type("text/csv; charset=utf-8");
      resp->set_file_name("sharaka-atlas-projects.csv");
      resp->set_data(ToCsv(*projects, reporting_));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ImportProjects(grpc::CallbackServerContext* ctx,
                                                              const v1::ImportProjectsRequest* req,
                                                              v1::ImportProjectsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ImportProjects", [&](const Actor& actor) {
    absl::StatusOr<ImportResult> r =
        service_.Import(req->iati_xml(), OrganisationIdOf(req->organisation()),
                        req->validate_only(), actor, ImportDeadline(ctx));
    if (!r.ok()) return r.status();
    AddReport(*r, rpc::CallerLanguage(ctx), resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateComment(grpc::CallbackServerContext* ctx,
                                                             const v1::CreateCommentRequest* req,
                                                             v1::Comment* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateComment", [&](const Actor& actor) {
    absl::StatusOr<v1::Comment> c = service_.CreateComment(req->parent(), req->comment(), actor);
    if (c.ok()) *resp = *c;
    return c.status();
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListComments(grpc::CallbackServerContext* ctx,
                                                            const v1::ListCommentsRequest* req,
                                                            v1::ListCommentsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListComments", [&](const Actor& actor) {
    absl::StatusOr<std::vector<v1::Comment>> list =
        service_.Comments(req->parent(), req->field(), req->unresolved_only(), actor);
    if (!list.ok()) return list.status();
    for (auto& c : *list) *resp->add_comments() = std::move(c);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::MarkCommentsRead(
    grpc::CallbackServerContext* ctx, const v1::MarkCommentsReadRequest* req,
    v1::MarkCommentsReadResponse* /*resp*/) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.MarkCommentsRead", [&](const Actor& actor) {
    return service_.MarkCommentsRead(req->parent(), actor);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ResolveComment(grpc::CallbackServerContext* ctx,
                                                              const v1::ResolveCommentRequest* req,
                                                              v1::Comment* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ResolveComment", [&](const Actor& actor) {
    absl::StatusOr<v1::Comment> c = service_.ResolveComment(req->name(), req->resolved(), actor);
    if (c.ok()) *resp = *c;
    return c.status();
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateEvaluation(
    grpc::CallbackServerContext* ctx, const v1::CreateEvaluationRequest* req,
    v1::Evaluation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateEvaluation", [&](const Actor& actor) {
    absl::StatusOr<v1::Evaluation> e =
        service_.CreateEvaluation(req->parent(), req->evaluation(), actor);
    if (e.ok()) *resp = *e;
    return e.status();
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListEvaluations(
    grpc::CallbackServerContext* ctx, const v1::ListEvaluationsRequest* req,
    v1::ListEvaluationsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListEvaluations", [&](const Actor& actor) {
    absl::StatusOr<std::vector<v1::Evaluation>> list = service_.Evaluations(req->parent(), actor);
    if (!list.ok()) return list.status();
    for (auto& e : *list) *resp->add_evaluations() = std::move(e);
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

namespace {

// Writes `projects` one message at a time, then finishes.
class ProjectWriter final : public grpc::ServerWriteReactor<v1::Project> {
 public:
  ProjectWriter(const absl::Status& status, std::vector<Project> projects, core::Lang lang)
      : projects_(std::move(projects)) {
    if (!status.ok()) {
      Finish(rpc::ToGrpc(status, lang));
      return;
    }
    Next();
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (next_ == projects_.size()) {
      Finish(grpc::Status::OK);
      return;
    }
    message_.Clear();
    ToProto(projects_[next_++], &message_);
    StartWrite(&message_);
  }
  std::vector<Project> projects_;
  size_t next_ = 0;
  v1::Project message_;
};

// Imports each IATI document of the stream as it arrives; one report.
class ImportReader final : public grpc::ServerReadReactor<v1::ImportProjectsRequest> {
 public:
  ImportReader(ProjectService& service, absl::StatusOr<Actor> actor, core::Lang lang,
               absl::Time deadline, v1::ImportProjectsResponse* resp)
      : service_(service), actor_(std::move(actor)), lang_(lang), deadline_(deadline), resp_(resp) {
    if (!actor_.ok()) {
      Finish(rpc::ToGrpc(actor_.status(), lang_));
      return;
    }
    StartRead(&request_);
  }
  void OnReadDone(bool ok) override {
    if (!ok) {  // the client finished sending
      Finish(grpc::Status::OK);
      return;
    }
    absl::StatusOr<ImportResult> r =
        service_.Import(request_.iati_xml(), OrganisationIdOf(request_.organisation()),
                        request_.validate_only(), *actor_, deadline_);
    if (!r.ok()) {
      Finish(rpc::ToGrpc(r.status(), lang_));
      return;
    }
    AddReport(*r, lang_, resp_);
    request_.Clear();
    StartRead(&request_);
  }
  void OnDone() override { delete this; }

 private:
  ProjectService& service_;
  absl::StatusOr<Actor> actor_;
  core::Lang lang_;
  absl::Time deadline_;  // for the whole stream
  v1::ImportProjectsResponse* resp_;
  v1::ImportProjectsRequest request_;
};

}  // namespace

grpc::ServerWriteReactor<v1::Project>* RegistryServiceImpl::StreamProjects(
    grpc::CallbackServerContext* ctx, const v1::ExportProjectsRequest* req) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.StreamProjects");
  const core::Lang lang = rpc::CallerLanguage(ctx);
  if (!caller.ok()) return new ProjectWriter(caller.status(), {}, lang);
  absl::StatusOr<std::vector<Project>> projects = service_.Export(req->filter());
  if (!projects.ok()) return new ProjectWriter(projects.status(), {}, lang);
  return new ProjectWriter(absl::OkStatus(), *std::move(projects), lang);
}

grpc::ServerReadReactor<v1::ImportProjectsRequest>* RegistryServiceImpl::ImportProjectStream(
    grpc::CallbackServerContext* ctx, v1::ImportProjectsResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.ImportProjectStream");
  absl::StatusOr<Actor> actor = caller.ok() ? absl::StatusOr<Actor>(ActorOf(*caller))
                                            : absl::StatusOr<Actor>(caller.status());
  return new ImportReader(service_, std::move(actor), rpc::CallerLanguage(ctx), ImportDeadline(ctx),
                          resp);
}

namespace {

ConsultationCaller ConsultationCallerOf(const Actor& actor) {
  return {.name = actor.name, .sees_all = actor.viewer.sees_all};
}

// Runs `fn` on an optional store (`what` it holds), or UNIMPLEMENTED without one.
template <typename Store>
absl::Status With(Store* store, const char* what, const std::function<absl::Status(Store&)>& fn) {
  if (store == nullptr)
    return absl::UnimplementedError(std::string("no ") + what + " in this process");
  return fn(*store);
}

absl::Status WithConsultations(ConsultationStore* store,
                               const std::function<absl::Status(ConsultationStore&)>& fn) {
  return With(store, "consultations", fn);
}

// Writes `r` to `resp` if ok; the status either way.
template <typename Message>
absl::Status Put(absl::StatusOr<Message> r, Message* resp) {
  if (!r.ok()) return r.status();
  *resp = *std::move(r);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateConsultation(
    grpc::CallbackServerContext* ctx, const v1::CreateConsultationRequest* req,
    v1::Consultation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateConsultation", [&](const Actor& a) {
    return WithConsultations(consultations_, [&](ConsultationStore& store) {
      return Put(store.Create(req->consultation(), ConsultationCallerOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListConsultations(
    grpc::CallbackServerContext* ctx, const v1::ListConsultationsRequest* /*req*/,
    v1::ListConsultationsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListConsultations", [&](const Actor& a) {
    return WithConsultations(consultations_, [&](ConsultationStore& store) -> absl::Status {
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
    return WithConsultations(consultations_, [&](ConsultationStore& store) {
      return Put(store.Get(req->name(), ConsultationCallerOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CastBallot(grpc::CallbackServerContext* ctx,
                                                          const v1::CastBallotRequest* req,
                                                          v1::Consultation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CastBallot", [&](const Actor& a) {
    return WithConsultations(consultations_, [&](ConsultationStore& store) {
      return Put(store.Cast(req->name(), req->scores(), ConsultationCallerOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CloseConsultation(
    grpc::CallbackServerContext* ctx, const v1::CloseConsultationRequest* req,
    v1::Consultation* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CloseConsultation", [&](const Actor& a) {
    return WithConsultations(consultations_, [&](ConsultationStore& store) {
      return Put(store.Close(req->name(), ConsultationCallerOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::AnalyzePortfolio(
    grpc::CallbackServerContext* ctx, const v1::AnalyzePortfolioRequest* req,
    v1::PortfolioAnalysis* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.AnalyzePortfolio", [&](const Actor&) {
    if (portfolio_ == nullptr) {
      return absl::UnimplementedError("no portfolio analysis in this process");
    }
    absl::StatusOr<v1::PortfolioAnalysis> r = portfolio_->Analyze(req->working_copies());
    if (!r.ok()) return r.status();
    *resp = *std::move(r);
    return absl::OkStatus();
  });
}

namespace {

absl::Status WithThemes(ThemeStore* store, const std::function<absl::Status(ThemeStore&)>& fn) {
  return With(store, "theme taxonomy", fn);
}

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::ListThemes(grpc::CallbackServerContext* ctx,
                                                          const v1::ListThemesRequest* /*req*/,
                                                          v1::ListThemesResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListThemes", [&](const Actor&) {
    return WithThemes(themes_, [&](ThemeStore& store) -> absl::Status {
      auto r = store.List();
      if (!r.ok()) return r.status();
      for (auto& t : *r) *resp->add_themes() = std::move(t);
      return absl::OkStatus();
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateTheme(grpc::CallbackServerContext* ctx,
                                                           const v1::CreateThemeRequest* req,
                                                           v1::Theme* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateTheme", [&](const Actor& a) {
    return WithThemes(themes_, [&](ThemeStore& store) {
      return Put(store.Create(req->theme(), Author(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdateTheme(grpc::CallbackServerContext* ctx,
                                                           const v1::UpdateThemeRequest* req,
                                                           v1::Theme* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.UpdateTheme", [&](const Actor& a) {
    const std::vector<std::string> paths(req->update_mask().paths().begin(),
                                         req->update_mask().paths().end());
    return WithThemes(themes_, [&](ThemeStore& store) {
      return Put(store.Update(req->theme(), paths, EtagOf(ctx, req->theme().etag()), Author(a)),
                 resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::DeleteTheme(grpc::CallbackServerContext* ctx,
                                                           const v1::DeleteThemeRequest* req,
                                                           v1::DeleteThemeResponse* /*resp*/) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.DeleteTheme", [&](const Actor&) {
    return WithThemes(themes_, [&](ThemeStore& store) {
      return store.Delete(req->name(), EtagOf(ctx, req->etag()));
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListVocabularies(
    grpc::CallbackServerContext* ctx, const v1::ListVocabulariesRequest* /*req*/,
    v1::ListVocabulariesResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListVocabularies", [&](const Actor&) {
    for (const VocabularySet& set : AllVocabularies()) {
      v1::Vocabulary* v = resp->add_vocabularies();
      v->set_name(set.name);
      for (const Term& t : set.terms) {
        v1::VocabularyTerm* term = v->add_terms();
        term->set_code(t.code);
        term->mutable_label()->set_fr(t.fr);
        term->mutable_label()->set_ar(t.ar);
        term->mutable_label()->set_en(t.en);
        term->set_colour(t.colour);
        term->set_retired(t.retired);
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace atlas::registry
