// atlas.indicators.v1.IndicatorsService: the performance framework (proto <-> domain).
#include "absl/strings/numbers.h"
#include "atlas/core/etag.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/rpc/handler.h"
#include "indicators/api/indicators_service.h"
#include "indicators/api/proto_convert.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programming_service.h"

namespace atlas::indicators {
namespace {

const char* BasisName(Basis b) {
  switch (b) {
    case Basis::kMeasured:
      return "MEASURED";
    case Basis::kComputed:
      return "COMPUTED";
    case Basis::kNotMeasured:
      return "NOT_MEASURED";
    case Basis::kNotAvailable:
      return "NOT_AVAILABLE";
    case Basis::kMissingInput:
      return "MISSING_INPUT";
    case Basis::kZeroDenominator:
      return "ZERO_DENOMINATOR";
  }
  return "";
}

void ToProto(const Measurement& m, v1::Measurement* out) {
  out->set_year(m.year);
  out->set_region(m.region);
  out->set_sex(m.sex);
  if (m.value) out->set_value(*m.value);
  out->set_provisional(m.provisional);
  out->set_source(m.source);
  out->set_date(m.date);
  out->set_comment(m.comment);
}

Measurement FromProto(const v1::Measurement& in) {
  return {.year = in.year(),
          .region = in.region(),
          .sex = in.sex().empty() ? "_T" : in.sex(),
          .value = in.has_value() ? std::optional<double>(in.value()) : std::nullopt,
          .provisional = in.provisional(),
          .source = in.source(),
          .date = in.date(),
          .comment = in.comment()};
}

void ToProto(const Dashboard& d, v1::ProgrammeDashboard* out) {
  const Framework& f = d.framework;
  v1::Programme* p = out->mutable_programme();
  p->set_name("programmes/" + f.programme);
  p->set_code(f.code);
  p->set_title_fr(f.title.fr);
  p->set_title_ar(f.title.ar);
  p->set_title_en(f.title.en);
  p->set_demo(f.demo);
  out->set_responsible(f.responsible);
  out->set_from_year(d.from);
  out->set_to_year(d.to);
  std::map<std::string, const Indicator*> by_id;
  for (const Indicator& i : f.indicators) by_id[i.id] = &i;
  for (const Objective& o : f.objectives) {
    v1::ObjectiveView* ov = out->add_objectives();
    ov->set_name("objectives/" + o.id);
    ToTexts(o.title, ov->mutable_title());
    for (const std::string& id : o.indicators) {
      const Indicator& i = *by_id.at(id);
      v1::IndicatorView* iv = ov->add_indicators();
      iv->set_name("indicators/" + i.id);
      ToTexts(i.title, iv->mutable_title());
      ToTexts(i.definition, iv->mutable_definition());
      iv->set_unit(i.unit);
      iv->set_direction(i.direction == Direction::kDown ? "DOWN" : "UP");
      iv->set_source(i.source);
      iv->set_frequency(i.frequency);
      if (i.formula) {
        iv->set_numerator("indicators/" + i.formula->numerator);
        if (!i.formula->denominator.empty()) {
          iv->set_denominator("indicators/" + i.formula->denominator);
        }
        iv->set_factor(i.formula->factor);
      }
      iv->set_baseline_year(i.baseline_year);
      iv->set_etag(core::RevisionEtag(i.revision));
      if (i.baseline) iv->set_baseline(*i.baseline);
      for (const auto& [year, v] : i.targets) {
        v1::Target* t = iv->add_targets();
        t->set_year(year);
        t->set_value(v);
      }
      for (const auto& [year, point] : d.series.at(i.id)) {
        v1::IndicatorPoint* pt = iv->add_points();
        pt->set_year(year);
        if (point.value) {
          pt->set_value(*point.value);
          if (auto a = Achievement(i, *point.value, year)) pt->set_achievement(*a);
        }
        pt->set_basis(BasisName(point.basis));
        pt->set_provisional(point.provisional);
        for (const Measurement& m : i.measurements) {
          if (m.year == year && m.region.empty() && m.sex == "_T") {
            pt->set_source(m.source);
            pt->set_comment(m.comment);
          }
        }
        if (i.formula) pt->set_source(i.source);
      }
      const Projection& pr = d.projections.at(i.id);
      iv->mutable_projection()->set_year(pr.year);
      if (pr.value) iv->mutable_projection()->set_value(*pr.value);
      if (pr.achievement) iv->mutable_projection()->set_achievement(*pr.achievement);
      iv->mutable_projection()->set_off_track(pr.off_track);
      for (const Measurement& m : i.measurements) {
        if (!m.region.empty() || m.sex != "_T") ToProto(m, iv->add_disaggregated());
      }
    }
  }
}

}  // namespace

grpc::ServerUnaryReactor* IndicatorsServiceImpl::GetProgrammeDashboard(
    grpc::CallbackServerContext* ctx, const v1::GetProgrammeDashboardRequest* req,
    v1::ProgrammeDashboard* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.GetProgrammeDashboard",
                    [&](const rpc::Caller&) -> absl::Status {
                      absl::StatusOr<Dashboard> d =
                          performance_.Get(Strip(req->name(), "programmes/"));
                      if (!d.ok()) return d.status();
                      ToProto(*d, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::RecordMeasurement(
    grpc::CallbackServerContext* ctx, const v1::RecordMeasurementRequest* req,
    v1::Measurement* resp) {
  return rpc::Unary(ctx, authz_, "atlas.indicators.v1.IndicatorsService.RecordMeasurement",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      const Measurement m = FromProto(req->measurement());
                      absl::Status s = performance_.Record(Strip(req->indicator(), "indicators/"),
                                                           m, caller.subject);
                      if (!s.ok()) return s;
                      ToProto(m, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* IndicatorsServiceImpl::DefineIndicator(
    grpc::CallbackServerContext* ctx, const v1::DefineIndicatorRequest* req,
    v1::IndicatorView* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.indicators.v1.IndicatorsService.DefineIndicator",
      [&](const rpc::Caller&) -> absl::Status {
        std::vector<core::FieldViolation> bad;
        absl::StatusOr<int> version = VersionId(req->version(), "version");
        if (!version.ok()) bad = core::FieldViolations(version.status());
        const std::string& direction = req->direction().empty() ? "UP" : req->direction();
        if (direction != "UP" && direction != "DOWN") {
          bad.push_back(core::Violation("indicator.direction", core::texts::kOneOf, {"UP, DOWN"}));
        }
        if (!bad.empty()) return core::InvalidFields(bad);
        absl::StatusOr<ProgrammingVersion> v = programming_.Version(*version, true);
        if (!v.ok()) return v.status();
        PerformanceService::Definition d{
            .unit = req->unit(),
            .direction = direction == "DOWN" ? Direction::kDown : Direction::kUp,
            .source = req->source(),
            .baseline_year = req->baseline_year(),
            .baseline =
                req->has_baseline() ? std::optional<double>(req->baseline()) : std::nullopt};
        if (!req->numerator().empty()) {
          d.formula = Formula{Strip(req->numerator(), "indicators/"),
                              Strip(req->denominator(), "indicators/"),
                              req->factor() == 0 ? 1 : req->factor()};
        }
        for (const v1::Target& t : req->targets()) d.targets.emplace_back(t.year(), t.value());
        absl::StatusOr<Indicator> i =
            performance_.Define(Strip(req->name(), "indicators/"), d, v->first_year, req->etag());
        if (!i.ok()) return i.status();
        resp->set_name("indicators/" + i->id);
        resp->set_unit(i->unit);
        resp->set_direction(i->direction == Direction::kDown ? "DOWN" : "UP");
        resp->set_source(i->source);
        if (i->formula) {
          resp->set_numerator("indicators/" + i->formula->numerator);
          if (!i->formula->denominator.empty()) {
            resp->set_denominator("indicators/" + i->formula->denominator);
          }
          resp->set_factor(i->formula->factor);
        }
        resp->set_baseline_year(i->baseline_year);
        if (i->baseline) resp->set_baseline(*i->baseline);
        for (const auto& [year, value] : i->targets) {
          v1::Target* t = resp->add_targets();
          t->set_year(year);
          t->set_value(value);
        }
        resp->set_etag(core::RevisionEtag(i->revision));
        return absl::OkStatus();
      });
}

}  // namespace atlas::indicators
