// atlas-geo: wiring only. See docs/services.md and docs/geo.md.
#include "atlas/bus/jetstream.h"
#include "atlas/core/config.h"
#include "atlas/core/log.h"
#include "atlas/geo/events/v1/map_events.pb.h"
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
    auto store = std::make_shared<geo::PgMapStore>(rt.pool());
    // The in-memory map follows the read model: reloaded as soon as this
    // replica's consumer committed a change (and every second in any case,
    // for what another replica's consumer applied), then announced on
    // atlas.geo.map.updated so that pages and caches react to it.
    bus::JetStream& js = rt.jetstream();
    auto model = std::make_shared<geo::MapModelHolder>(
        *store, std::chrono::seconds(1), &rt.metrics(), [&js](int64_t generation) {
          geo::events::v1::MapUpdated e;
          e.set_generation(generation);
          bus::Event event = bus::NewEvent("/atlas/geo", "ma.sharaka.atlas.map.updated.v1", "map",
                                           "atlas.geo.map.updated", e.SerializeAsString());
          // Every replica announces the generations it loads under one id.
          absl::StatusOr<bool> sent = js.Publish(event, "map-" + std::to_string(generation));
          if (!sent.ok()) {
            log::Warn("map update not announced", {{"error", sent.status().ToString()}});
          }
        });
    rt.AddConsumer(
        {.durable = "geo-map",
         .filter_subject = "atlas.registry.project.>",
         .after_commit = [model = model.get()] { model->Nudge(); }},
        [](pqxx::work& tx, const bus::Event& e) { return geo::RegistryEvents().Dispatch(tx, e); });
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
