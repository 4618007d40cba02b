// atlas.indicators.v1.IndicatorsService: PdP/RdP downloads (proto <-> domain).
#include <chrono>

#include "atlas/core/status.h"
#include "atlas/core/time.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "indicators/api/indicators_service.h"
#include "indicators/domain/report_service.h"

namespace atlas::indicators {

grpc::ServerUnaryReactor* IndicatorsServiceImpl::GetProgrammeReport(
    grpc::CallbackServerContext* ctx, const v1::GetProgrammeReportRequest* req,
    api::v1::HttpBody* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.indicators.v1.IndicatorsService.GetProgrammeReport",
      [&](const rpc::Caller& caller) -> absl::Status {
        ReportRequest r{.kind = req->kind(),
                        .format = req->format(),
                        .version = req->version(),
                        .year = req->year(),
                        .drafts = caller.HasRole("analyst") || caller.HasRole("admin")};
        constexpr std::string_view kPrefix = "programmes/";
        r.programme =
            req->name().rfind(kPrefix, 0) == 0 ? req->name().substr(kPrefix.size()) : req->name();
        absl::StatusOr<core::Lang> lang = rpc::RequestedLanguage(ctx, req->lang());
        if (!lang.ok()) return lang.status();
        r.lang = *lang;
        r.today = core::FormatRfc3339(std::chrono::system_clock::now(), 0).substr(0, 10);
        absl::StatusOr<ReportFile> file = reports_.Make(r);
        if (!file.ok()) return file.status();
        resp->set_content_type(file->content_type);
        // A PDF downloads; the HTML opens in the browser (printable).
        if (file->content_type == "application/pdf") resp->set_file_name(file->file_name);
        resp->set_data(std::move(file->body));
        return absl::OkStatus();
      });
}

}  // namespace atlas::indicators
