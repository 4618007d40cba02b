// atlas.indicators.v1.IndicatorsService: the budget programming (proto <-> domain).
#include <set>

#include "absl/strings/numbers.h"
#include "atlas/core/etag.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "indicators/api/indicators_service.h"
#include "indicators/api/proto_convert.h"
#include "indicators/domain/budget_export.h"
#include "indicators/domain/programme_service.h"
#include "indicators/domain/programming_service.h"

namespace atlas::indicators {
namespace {

// Analysts and administrators see drafts.
bool SeesDrafts(const rpc::Caller& caller) {
  return caller.HasRole("analyst") || caller.HasRole("admin");
}

void ToProto(const BudgetLine& l, v1::BudgetLine* out) {
  out->set_programme("programmes/" + l.key.programme);
  out->set_region(l.key.region);
  if (!l.key.action.empty()) out->set_action("actions/" + l.key.action);
  out->set_chapter(l.key.chapter);
  out->set_year(l.key.year);
  out->set_ce(l.ce);
  out->set_cp(l.cp);
  if (l.committed) out->set_committed(*l.committed);
  if (l.paid) out->set_paid(*l.paid);
  out->set_reason(l.reason);
  out->set_etag(core::RevisionEtag(l.revision));
}

BudgetLine FromProto(const v1::BudgetLine& in) {
  BudgetLine l{.key = {.programme = Strip(in.programme(), "programmes/"),
                       .region = in.region(),
                       .action = Strip(in.action(), "actions/"),
                       .chapter = in.chapter(),
                       .year = in.year()},
               .ce = in.ce(),
               .cp = in.cp(),
               .reason = in.reason()};
  if (in.has_committed()) l.committed = in.committed();
  if (in.has_paid()) l.paid = in.paid();
  return l;
}

}  // namespace

grpc::ServerUnaryReactor* IndicatorsServiceImpl::ListProgrammings(
    grpc::CallbackServerContext* ctx, const v1::ListProgrammingsRequest* /*req*/,
    v1::ListProgrammingsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.ListProgrammings",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto versions = programming_.Versions(SeesDrafts(caller));
                      if (!versions.ok()) return versions.status();
                      for (const auto& v : *versions) ToProto(v, resp->add_programmings());
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::ListBudgetLines(
    grpc::CallbackServerContext* ctx, const v1::ListBudgetLinesRequest* req,
    v1::ListBudgetLinesResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.ListBudgetLines",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<int> id = VersionId(req->name(), "name");
                      if (!id.ok()) return id.status();
                      auto v = programming_.Version(*id, SeesDrafts(caller));
                      if (!v.ok()) return v.status();
                      auto lines = programming_.Lines(*id, Strip(req->programme(), "programmes/"),
                                                      SeesDrafts(caller));
                      if (!lines.ok()) return lines.status();
                      ToProto(*v, resp->mutable_programming());
                      for (const BudgetLine& l : *lines) ToProto(l, resp->add_lines());
                      for (const auto& [key, t] : TotalsByProgrammeRegion(*lines)) {
                        v1::ProgrammeRegionTotal* out = resp->add_totals();
                        out->set_programme("programmes/" + std::get<0>(key));
                        out->set_region(std::get<1>(key));
                        out->set_year(std::get<2>(key));
                        out->set_ce(t.ce);
                        out->set_cp(t.cp);
                        out->set_committed(t.committed);
                        out->set_paid(t.paid);
                      }
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::SetBudgetLine(grpc::CallbackServerContext* ctx,
                                                               const v1::SetBudgetLineRequest* req,
                                                               v1::BudgetLine* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.indicators.v1.IndicatorsService.SetBudgetLine",
      [&](const rpc::Caller& caller) -> absl::Status {
        absl::StatusOr<int> id = VersionId(req->name(), "name");
        if (!id.ok()) return id.status();
        const std::string etag =
            req->line().etag().empty() ? rpc::CallerMetadata(ctx, "if-match") : req->line().etag();
        auto line = programming_.SetLine(*id, FromProto(req->line()), etag, caller.subject);
        if (!line.ok()) return line.status();
        ToProto(*line, resp);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::AdoptProgramming(
    grpc::CallbackServerContext* ctx, const v1::AdoptProgrammingRequest* req,
    v1::Programming* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.AdoptProgramming",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<int> id = VersionId(req->name(), "name");
                      if (!id.ok()) return id.status();
                      auto v = programming_.Adopt(*id, caller.subject);
                      if (!v.ok()) return v.status();
                      ToProto(*v, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::RollProgramming(
    grpc::CallbackServerContext* ctx, const v1::RollProgrammingRequest* req,
    v1::Programming* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.RollProgramming",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<int> id = VersionId(req->name(), "name");
                      if (!id.ok()) return id.status();
                      auto v = programming_.Roll(*id, caller.subject);
                      if (!v.ok()) return v.status();
                      ToProto(*v, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::ExportProgramming(
    grpc::CallbackServerContext* ctx, const v1::ExportProgrammingRequest* req,
    api::v1::HttpBody* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.ExportProgramming",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<int> id = VersionId(req->name(), "name");
                      if (!id.ok()) return id.status();
                      const std::string& format = req->format().empty() ? "csv" : req->format();
                      if (format != "csv" && format != "datapackage") {
                        return core::InvalidFields(
                            {core::Violation("format", core::texts::kOneOf, {"csv, datapackage"})});
                      }
                      auto v = programming_.Version(*id, SeesDrafts(caller));
                      if (!v.ok()) return v.status();
                      auto lines = programming_.Lines(*id, "", SeesDrafts(caller));
                      if (!lines.ok()) return lines.status();
                      // Every programme of the platform today is demo data unless its row
                      // says otherwise; ask the programme list once.
                      auto programmes = programmes_.List(500, "");
                      std::set<std::string> demo;
                      if (programmes.ok()) {
                        for (const Programme& p : programmes->items) {
                          if (p.demo) demo.insert(p.id);
                        }
                      }
                      auto is_demo = [&](const std::string& p) { return demo.contains(p); };
                      const std::string base = "programming-" + std::to_string(*id);
                      if (format == "csv") {
                        resp->set_content_type("text/csv; charset=utf-8");
                        resp->set_data(BudgetCsv(*lines, is_demo));
                        resp->set_file_name(base + ".csv");
                      } else {
                        resp->set_content_type("application/json");
                        resp->set_data(FiscalDataPackage(*v, *lines, is_demo));
                        resp->set_file_name(base + "-datapackage.json");
                      }
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::CompareProgrammings(
    grpc::CallbackServerContext* ctx, const v1::CompareProgrammingsRequest* req,
    v1::CompareProgrammingsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.CompareProgrammings",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<int> from = VersionId(req->from(), "from");
                      absl::StatusOr<int> to = VersionId(req->to(), "to");
                      if (!from.ok() || !to.ok()) {
                        std::vector<core::FieldViolation> bad =
                            core::FieldViolations(from.status());
                        for (auto& v : core::FieldViolations(to.status())) bad.push_back(v);
                        return core::InvalidFields(bad);
                      }
                      auto changes = programming_.Compare(*from, *to, SeesDrafts(caller));
                      if (!changes.ok()) return changes.status();
                      for (const LineChange& c : *changes) {
                        v1::LineChange* out = resp->add_changes();
                        out->set_programme("programmes/" + c.key.programme);
                        out->set_region(c.key.region);
                        if (!c.key.action.empty()) out->set_action("actions/" + c.key.action);
                        out->set_chapter(c.key.chapter);
                        out->set_year(c.key.year);
                        out->set_kind(!c.before ? "added" : !c.after ? "removed" : "changed");
                        if (c.before) {
                          out->set_ce_before(c.before->ce);
                          out->set_cp_before(c.before->cp);
                        }
                        if (c.after) {
                          out->set_ce_after(c.after->ce);
                          out->set_cp_after(c.after->cp);
                          out->set_reason(c.after->reason);
                        }
                        out->set_ce_delta(c.ce_delta);
                        out->set_cp_delta(c.cp_delta);
                        resp->set_ce_delta(resp->ce_delta() + c.ce_delta);
                        resp->set_cp_delta(resp->cp_delta() + c.cp_delta);
                      }
                      return absl::OkStatus();
                    });
}

}  // namespace atlas::indicators
