// GeoService handlers: proto <-> domain.
#include "geo/api/geo_service.h"

#include "absl/strings/escaping.h"
#include "atlas/core/status.h"
#include "atlas/rpc/handler.h"
#include "geo/domain/map_service.h"
#include "geo/domain/polygon.h"

namespace atlas::geo {
namespace {

constexpr core::Text kLanguage = {"must be fr, ar or en", "doit être fr, ar ou en",
                                  "يجب أن تكون fr أو ar أو en"};
constexpr core::Text kYears = {"must be a year from 1900 to 2100 (or 0)",
                               "doit être une année de 1900 à 2100 (ou 0)",
                               "يجب أن تكون سنة من 1900 إلى 2100 (أو 0)"};
constexpr core::Text kYearOrder = {"must not be after filter.yearTo",
                                   "ne doit pas dépasser filter.yearTo",
                                   "يجب ألا تتجاوز filter.yearTo"};
constexpr core::Text kTooMany = {"lists at most {0} values", "contient au plus {0} valeurs",
                                 "يضم {0} قيمة على الأكثر"};
constexpr core::Text kCode = {"\"{0}\" is not a code", "« {0} » n'est pas un code",
                              "«{0}» ليس رمزًا"};
bool IsCode(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// Checks and converts a filter; violations under "filter.".
absl::StatusOr<MapFilter> ToFilter(const v1::MapFilter& f) {
  std::vector<core::FieldViolation> bad;
  MapFilter out;
  auto list = [&](const auto& in, const char* field, std::vector<std::string>* to) {
    if (in.size() > 50) {
      bad.push_back(core::Violation(std::string("filter.") + field, kTooMany, {"50"}));
      return;
    }
    for (const auto& v : in) {
      if (!IsCode(v)) {
        bad.push_back(core::Violation(std::string("filter.") + field, kCode,
                                      {absl::CHexEscape(v.substr(0, 40))}));
        return;
      }
      to->push_back(v);
    }
  };
  list(f.themes(), "themes", &out.themes);
  list(f.statuses(), "statuses", &out.statuses);
  list(f.organisations(), "organisations", &out.organisations);
  list(f.diaspora_countries(), "diasporaCountries", &out.diaspora_countries);
  list(f.regions(), "regions", &out.regions);
  list(f.target_groups(), "targetGroups", &out.target_groups);
  auto year = [&](int y, const char* field) {
    if (y != 0 && (y < 1900 || y > 2100)) {
      bad.push_back(core::Violation(std::string("filter.") + field, kYears));
    }
  };
  year(f.year_from(), "yearFrom");
  year(f.year_to(), "yearTo");
  if (f.year_from() != 0 && f.year_to() != 0 && f.year_from() > f.year_to()) {
    bad.push_back(core::Violation("filter.yearFrom", kYearOrder));
  }
  out.year_from = f.year_from();
  out.year_to = f.year_to();
  if (f.within().size() > 100000) {
    bad.push_back(core::Violation("filter.within", kTooMany, {"2000"}));
  } else if (!f.within().empty()) {
    absl::StatusOr<Polygon> within = ParsePolygon(f.within(), "filter.within");
    if (within.ok()) {
      out.within = std::make_shared<const Polygon>(*std::move(within));
      out.within_text = f.within();
    } else {
      for (auto& v : core::FieldViolations(within.status())) bad.push_back(std::move(v));
    }
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return out;
}

absl::StatusOr<core::Lang> ToLang(const std::string& s, grpc::CallbackServerContext* ctx) {
  if (s.empty()) return rpc::CallerLanguage(ctx);
  if (s == "fr") return core::Lang::kFr;
  if (s == "ar") return core::Lang::kAr;
  if (s == "en") return core::Lang::kEn;
  return core::InvalidFields({core::Violation("language", kLanguage)});
}

Viewer ViewerOf(const rpc::Caller& c) {
  return {.sees_all = c.SeesAllOrganisations(), .organisation = c.OrganisationId()};
}

absl::Status Reply(absl::StatusOr<MapAnswer> answer, api::v1::HttpBody* resp) {
  if (!answer.ok()) return answer.status();
  resp->set_content_type(answer->content_type);
  resp->set_data(std::move(answer->body));
  resp->set_etag(answer->etag);
  resp->set_cache_control(answer->cache_control);
  return absl::OkStatus();
}

// The filter and language, checked together: every bad field is reported.
absl::Status FilterAndLanguage(const v1::MapFilter& f, const std::string& language,
                               grpc::CallbackServerContext* ctx, MapFilter* filter,
                               core::Lang* lang) {
  absl::StatusOr<MapFilter> parsed = ToFilter(f);
  absl::StatusOr<core::Lang> l = ToLang(language, ctx);
  std::vector<core::FieldViolation> bad;
  for (const absl::Status& s : {parsed.status(), l.status()}) {
    for (auto& v : core::FieldViolations(s)) bad.push_back(std::move(v));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  *filter = *std::move(parsed);
  *lang = *l;
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* GeoServiceImpl::SearchProjectLocations(
    grpc::CallbackServerContext* ctx, const v1::SearchProjectLocationsRequest* req,
    v1::SearchProjectLocationsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.geo.v1.GeoService.SearchProjectLocations",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto found = map_.Locations(req->bbox(), req->page_size(), ViewerOf(caller));
                      if (!found.ok()) return found.status();
                      for (const auto& l : found->locations) {
                        auto* out = resp->add_locations();
                        out->set_project(l.project);
                        out->set_title(l.title);
                        out->mutable_location()->set_latitude(l.lat);
                        out->mutable_location()->set_longitude(l.lng);
                        for (const auto& t : l.themes) out->add_themes(t);
                        for (const auto& r : l.region_codes) out->add_region_codes(r);
                      }
                      resp->set_truncated(found->truncated);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetMapFeatures(grpc::CallbackServerContext* ctx,
                                                         const v1::GetMapFeaturesRequest* req,
                                                         api::v1::HttpBody* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.geo.v1.GeoService.GetMapFeatures",
      [&](const rpc::Caller& caller) -> absl::Status {
        MapFilter filter;
        core::Lang lang;
        if (absl::Status s = FilterAndLanguage(req->filter(), req->language(), ctx, &filter, &lang);
            !s.ok()) {
          return s;
        }
        return Reply(map_.Features(req->bbox(), req->zoom(), filter, lang, ViewerOf(caller)), resp);
      });
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetMapAreas(grpc::CallbackServerContext* ctx,
                                                      const v1::GetMapAreasRequest* req,
                                                      api::v1::HttpBody* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.geo.v1.GeoService.GetMapAreas",
      [&](const rpc::Caller& caller) -> absl::Status {
        AreaQuery q{
            .level = req->level().empty() ? "region" : req->level(),
            .metric = req->metric().empty() ? "count" : req->metric(),
            .classes = req->classes() == 0 ? 5 : req->classes(),
            .classification = req->classification().empty() ? "quantile" : req->classification()};
        MapFilter filter;
        core::Lang lang;
        if (absl::Status s = FilterAndLanguage(req->filter(), req->language(), ctx, &filter, &lang);
            !s.ok()) {
          return s;
        }
        return Reply(map_.Areas(q, req->has_zoom() ? std::optional<int>(req->zoom()) : std::nullopt,
                                filter, lang, ViewerOf(caller)),
                     resp);
      });
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetTile(grpc::CallbackServerContext* ctx,
                                                  const v1::GetTileRequest* req,
                                                  api::v1::HttpBody* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.geo.v1.GeoService.GetTile",
      [&](const rpc::Caller& caller) -> absl::Status {
        MapFilter filter;
        core::Lang lang;
        if (absl::Status s = FilterAndLanguage(req->filter(), req->language(), ctx, &filter, &lang);
            !s.ok()) {
          return s;
        }
        return Reply(
            map_.Tile(req->layer(), req->z(), req->x(), req->y(), filter, lang, ViewerOf(caller)),
            resp);
      });
}

grpc::ServerUnaryReactor* GeoServiceImpl::GetTileJson(grpc::CallbackServerContext* ctx,
                                                      const v1::GetTileJsonRequest* req,
                                                      api::v1::HttpBody* resp) {
  return rpc::Unary(ctx, authz_, "atlas.geo.v1.GeoService.GetTileJson",
                    [&](const rpc::Caller&) { return Reply(map_.TileJson(req->layer()), resp); });
}

}  // namespace atlas::geo
