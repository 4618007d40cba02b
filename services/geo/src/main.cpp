// atlas-geo: wiring only. See docs/services.md and docs/geo.md.
#include "atlas/core/config.h"
#include "atlas/core/log.h"
#include "atlas/runtime/runtime.h"
#include "geo/api/geo_service.h"
#include "geo/domain/map_model_holder.h"
#include "geo/domain/map_service.h"
#include "geo/events/registry_events.h"
#include "geo/store/pg_location_store.h"
#include "geo/store/reference_store.h"

const std::vector<atlas::db::Migration>& GeoMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(argc, argv, core::kGeo, GeoMigrations(), [](runtime::Runtime& rt) {
    std::string file, public_base_url;
    core::EnvReader env;
    env.String("ATLAS_GEO_REFERENCE_FILE", "", &file);
    env.String("ATLAS_PUBLIC_BASE_URL", "", &public_base_url);
    if (absl::Status s = env.Finish(); !s.ok()) return s;
    // The reference geography (scripts/gen-geo-reference): loaded once per
    // version, before serving.
    if (!file.empty()) {
      absl::StatusOr<int> loaded = geo::LoadReferenceAreas(rt.pool(), file);
      if (!loaded.ok()) return loaded.status();
      log::Info("reference geography " + std::string(loaded.value() ? "loaded" : "current"),
                {{"file", file}, {"areas", std::to_string(*loaded)}});
    } else {
      log::Warn("ATLAS_GEO_REFERENCE_FILE is not set: no boundaries, areas or approximate points");
    }
    rt.AddConsumer({.durable = "geo-map", .filter_subject = "atlas.registry.project.>"},
                   geo::ApplyRegistryEvent);
    auto store = std::make_shared<geo::PgMapStore>(rt.pool());
    auto model = std::make_shared<geo::MapModelHolder>(*store, std::chrono::milliseconds(200),
                                                       &rt.metrics());
    auto map = std::make_shared<geo::MapService>(*store, *model, public_base_url);
    auto api = std::make_shared<geo::GeoServiceImpl>(*map, rt.authorizer());
    rt.Keep(api);
    rt.Keep(map);
    rt.Keep(model);
    rt.Keep(store);
    rt.AddService(api.get());
    return absl::OkStatus();
  });
}
