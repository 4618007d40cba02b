// atlas-geo: wiring only. See docs/services.md.
#include "api/geo_service.h"
#include "atlas/runtime/runtime.h"
#include "events/registry_events.h"

const std::vector<atlas::db::Migration>& GeoMigrations();

int main() {
  using namespace atlas;
  return runtime::Main("geo", 50052, 9102, GeoMigrations(), [](runtime::Runtime& rt) {
    rt.AddConsumer({.durable = "geo-registry", .filter_subject = "atlas.registry.project.>"},
                   geo::ApplyRegistryEvent);
    auto api = std::make_shared<geo::GeoServiceImpl>(rt.pool(), rt.authorizer());
    rt.Keep(api);
    rt.AddService(api.get());
    return absl::OkStatus();
  });
}
