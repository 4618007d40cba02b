// GeoService handlers.
#include "api/geo_service.h"

#include "atlas/core/log.h"
#include "atlas/core/paging.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"
#include "domain/bbox.h"
#include "store/pg_location_store.h"

namespace atlas::geo {

grpc::ServerUnaryReactor* GeoServiceImpl::SearchProjectLocations(
    grpc::CallbackServerContext* ctx, const v1::SearchProjectLocationsRequest* req,
    v1::SearchProjectLocationsResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.geo.v1.GeoService.SearchProjectLocations");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<Bbox> box = ParseBbox(req->bbox());
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req->page_size(), "", kDefaultLocations, kMaxLocations);
  absl::Status s = box.ok() ? page.status() : box.status();
  if (s.ok()) {
    absl::StatusOr<SearchResult> found = SearchLocations(
        pool_, *box, page->limit,
        {.sees_all = caller->SeesAllOrganisations(), .organisation = caller->OrganisationId()});
    s = found.status();
    if (found.ok()) {
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
    }
  }
  return rpc::Finish(ctx, s);
}

}  // namespace atlas::geo
