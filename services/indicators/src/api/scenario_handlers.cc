// atlas.indicators.v1.IndicatorsService: what-if scenarios (proto <-> domain).
#include "absl/strings/numbers.h"
#include "atlas/core/etag.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/rpc/handler.h"
#include "indicators/api/indicators_service.h"
#include "indicators/api/proto_convert.h"
#include "indicators/domain/scenario_service.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kBadName = {"must name {0} like {1}", "doit nommer {0} comme {1}",
                                 "يجب أن يسمي {0} مثل {1}"};

// The number in `{prefix}{n}`.
absl::StatusOr<int> NumberIn(const std::string& name, std::string_view prefix,
                             const std::string& field, const char* what) {
  int id = 0;
  if (name.rfind(prefix, 0) != 0 || !absl::SimpleAtoi(name.substr(prefix.size()), &id) || id <= 0) {
    return core::InvalidFields(
        {core::Violation(field, kBadName, {what, std::string(prefix) + "3"})});
  }
  return id;
}

LineKey KeyOf(const v1::LineRef& in) {
  return {.programme = Strip(in.programme(), "programmes/"),
          .region = in.region(),
          .action = Strip(in.action(), "actions/"),
          .chapter = in.chapter(),
          .year = in.year()};
}

void ToProto(const LineKey& k, v1::LineRef* out) {
  out->set_programme("programmes/" + k.programme);
  out->set_region(k.region);
  if (!k.action.empty()) out->set_action("actions/" + k.action);
  out->set_chapter(k.chapter);
  out->set_year(k.year);
}

void ToProto(const Scenario& s, v1::Scenario* out) {
  out->set_name("scenarios/" + std::to_string(s.id));
  out->set_base("programmings/" + std::to_string(s.base));
  out->set_title(s.title);
  out->set_created_by(s.created_by);
  if (s.promoted_to) out->set_promoted_to("programmings/" + std::to_string(s.promoted_to));
  out->set_etag(core::RevisionEtag(s.revision));
  for (const Move& m : s.moves) {
    v1::CreditMove* cm = out->add_moves();
    ToProto(m.from, cm->mutable_from());
    ToProto(m.to, cm->mutable_to());
    cm->set_measure(MeasureName(m.measure));
    cm->set_amount(m.amount);
    cm->set_reason(m.reason);
    cm->set_actor(m.actor);
  }
}

void ToProto(const ScenarioView& view, v1::ScenarioView* out) {
  ToProto(view.scenario, out->mutable_scenario());
  ToProto(view.base, out->mutable_base());
  const Assessment& a = view.assessment;
  for (const ProgrammeYear& p : a.programmes) {
    v1::ProgrammeYearShift* o = out->add_programmes();
    o->set_programme("programmes/" + p.programme);
    o->set_year(p.year);
    o->set_ce_before(p.before.ce);
    o->set_ce_after(p.after.ce);
    o->set_cp_before(p.before.cp);
    o->set_cp_after(p.after.cp);
  }
  for (const RegionShare& r : a.regions) {
    v1::RegionShare* o = out->add_regions();
    o->set_region(r.region);
    o->set_cp_before(r.cp_before);
    o->set_cp_after(r.cp_after);
    o->set_share_before(r.share_before);
    o->set_share_after(r.share_after);
  }
  for (const AtRisk& r : a.at_risk) {
    v1::IndicatorAtRisk* o = out->add_at_risk();
    o->set_indicator("indicators/" + r.indicator);
    o->set_programme("programmes/" + r.programme);
    ToTexts(r.title, o->mutable_title());
    o->set_year(r.year);
    o->set_cp_cut(r.cut);
    if (r.achievement) o->set_achievement(*r.achievement);
    o->set_achievement_scenario(r.achievement_scenario);
  }
  out->set_ce_total(a.total_after.ce);
  out->set_cp_total(a.total_after.cp);
}

}  // namespace

grpc::ServerUnaryReactor* IndicatorsServiceImpl::CreateScenario(
    grpc::CallbackServerContext* ctx, const v1::CreateScenarioRequest* req, v1::Scenario* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.CreateScenario",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<int> base = VersionId(req->base(), "base");
                      if (!base.ok()) return base.status();
                      auto s = scenarios_.Create(*base, req->title(), caller.subject);
                      if (s.ok()) ToProto(*s, resp);
                      return s.status();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::ListScenarios(
    grpc::CallbackServerContext* ctx, const v1::ListScenariosRequest* /*req*/,
    v1::ListScenariosResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.ListScenarios",
                    [&](const rpc::Caller&) -> absl::Status {
                      auto all = scenarios_.List();
                      if (!all.ok()) return all.status();
                      for (const Scenario& s : *all) ToProto(s, resp->add_scenarios());
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::GetScenario(grpc::CallbackServerContext* ctx,
                                                             const v1::GetScenarioRequest* req,
                                                             v1::ScenarioView* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.GetScenario",
                    [&](const rpc::Caller&) -> absl::Status {
                      absl::StatusOr<int> id =
                          NumberIn(req->name(), "scenarios/", "name", "a scenario");
                      if (!id.ok()) return id.status();
                      auto view = scenarios_.Get(*id);
                      if (view.ok()) ToProto(*view, resp);
                      return view.status();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::MoveCredits(grpc::CallbackServerContext* ctx,
                                                             const v1::MoveCreditsRequest* req,
                                                             v1::ScenarioView* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.indicators.v1.IndicatorsService.MoveCredits",
      [&](const rpc::Caller& caller) -> absl::Status {
        absl::StatusOr<int> id = NumberIn(req->name(), "scenarios/", "name", "a scenario");
        if (!id.ok()) return id.status();
        const v1::CreditMove& in = req->move();
        const std::optional<Measure> measure =
            MeasureOf(in.measure().empty() ? "CP" : in.measure());
        if (!measure) {
          return core::InvalidFields(
              {core::Violation("move.measure", core::texts::kOneOf, {"CE, CP, BOTH"})});
        }
        Move m{.from = KeyOf(in.from()),
               .to = KeyOf(in.to()),
               .measure = *measure,
               .amount = in.amount(),
               .reason = in.reason(),
               .actor = caller.subject};
        auto view = scenarios_.AddMove(*id, m, req->etag());
        if (view.ok()) ToProto(*view, resp);
        return view.status();
      });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::PromoteScenario(
    grpc::CallbackServerContext* ctx, const v1::PromoteScenarioRequest* req,
    v1::Programming* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.PromoteScenario",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<int> id =
                          NumberIn(req->name(), "scenarios/", "name", "a scenario");
                      if (!id.ok()) return id.status();
                      auto v = scenarios_.Promote(*id, req->etag(), caller.subject);
                      if (v.ok()) ToProto(*v, resp);
                      return v.status();
                    });
}

}  // namespace atlas::indicators
