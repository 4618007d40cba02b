// RegistryService: exchange (IATI/CSV export, IATI import, gRPC streams).
#include "registry/api/registry_service.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "atlas/core/log.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "google/protobuf/util/time_util.h"
#include "registry/api/support.h"
#include "registry/domain/exchange.h"
#include "registry/domain/project_proto.h"
#include "registry/domain/project_sheet.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

namespace {

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

// Writes `projects` one message at a time, then finishes.
class ProjectWriter final : public grpc::ServerWriteReactor<v1::Project> {
 public:
  ProjectWriter(const absl::Status& status, ShownProjects projects, core::Lang lang)
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
    ToProto(*projects_[next_++], &message_);
    StartWrite(&message_);
  }
  ShownProjects projects_;
  size_t next_ = 0;
  v1::Project message_;
};

// Imports each IATI document of the stream as it arrives; one report.
class ImportReader final : public grpc::ServerReadReactor<v1::ImportProjectStreamRequest> {
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
  v1::ImportProjectStreamRequest request_;
};

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::ExportProjects(grpc::CallbackServerContext* ctx,
                                                              const v1::ExportProjectsRequest* req,
                                                              api::v1::HttpBody* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ExportProjects", [&](const Actor&) {
    const std::string& format = req->format().empty() ? std::string("iati") : req->format();
    if (format != "iati" && format != "csv") {
      return core::InvalidFields({core::Violation("format", kExportFormat)});
    }
    absl::StatusOr<ShownProjects> projects = service_.Export(req->filter());
    if (!projects.ok()) return projects.status();
    if (format == "iati") {
      resp->set_content_type("application/xml; charset=utf-8");
      resp->set_file_name("sharaka-atlas-iati.xml");
      resp->set_data(ToIatiXml(*projects, absl::Now(), rooms_.reporting));
    } else {
      resp->set_content_type("text/csv; charset=utf-8");
      resp->set_file_name("sharaka-atlas-projects.csv");
      resp->set_data(ToCsv(*projects, rooms_.reporting));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetProjectSheet(
    grpc::CallbackServerContext* ctx, const v1::GetProjectSheetRequest* req,
    api::v1::HttpBody* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.GetProjectSheet", [&](const Actor& actor) {
    absl::StatusOr<core::Lang> lang = rpc::RequestedLanguage(ctx, req->lang());
    if (!lang.ok()) return lang.status();
    absl::StatusOr<Project> p =
        service_.Get(req->name(), v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, actor);
    if (!p.ok()) return p.status();
    if (rooms_.pdf == nullptr) return absl::UnimplementedError("no PDF renderer in this process");
    v1::Project shown;
    ToProto(*p, &shown);
    const std::string url =
        rooms_.public_url.empty() ? "" : absl::StrCat(rooms_.public_url, "/projects/", p->id);
    const report::ReportDoc doc = BuildProjectSheet(
        shown,
        {.outlines = rooms_.outlines,
         .rates = rooms_.rates,
         .generated = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()),
         .url = url},
        *lang);
    absl::StatusOr<std::string> pdf = rooms_.pdf->Render(doc);
    if (!pdf.ok()) return pdf.status();
    resp->set_content_type("application/pdf");
    resp->set_file_name(doc.file_stem + ".pdf");
    resp->set_data(*std::move(pdf));
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

grpc::ServerWriteReactor<v1::Project>* RegistryServiceImpl::StreamProjects(
    grpc::CallbackServerContext* ctx, const v1::StreamProjectsRequest* req) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.StreamProjects");
  const core::Lang lang = rpc::CallerLanguage(ctx);
  if (!caller.ok()) return new ProjectWriter(caller.status(), {}, lang);
  absl::StatusOr<ShownProjects> projects = service_.Export(req->filter());
  if (!projects.ok()) return new ProjectWriter(projects.status(), {}, lang);
  return new ProjectWriter(absl::OkStatus(), *std::move(projects), lang);
}

grpc::ServerReadReactor<v1::ImportProjectStreamRequest>* RegistryServiceImpl::ImportProjectStream(
    grpc::CallbackServerContext* ctx, v1::ImportProjectsResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.registry.v1.RegistryService.ImportProjectStream");
  absl::StatusOr<Actor> actor = caller.ok() ? absl::StatusOr<Actor>(ActorOf(*caller))
                                            : absl::StatusOr<Actor>(caller.status());
  return new ImportReader(service_, std::move(actor), rpc::CallerLanguage(ctx), ImportDeadline(ctx),
                          resp);
}

}  // namespace atlas::registry
