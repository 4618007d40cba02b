// atlas-stats: wiring only. See docs/services.md.
#include "atlas/bus/relay.h"
#include "atlas/core/log.h"
#include "atlas/runtime/runtime.h"
#include "stats/api/stats_service.h"
#include "stats/domain/data_source.h"
#include "stats/domain/dataset_service.h"
#include "stats/events/registry_events.h"
#include "stats/store/pg_data_source_store.h"
#include "stats/store/pg_dataset_store.h"
#include "stats/store/pg_project_counts.h"

const std::vector<atlas::db::Migration>& StatsMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(argc, argv, core::kStats, StatsMigrations(), [](runtime::Runtime& rt) {
    bus::Relay& relay = rt.StartRelay();  // atlas.stats.dataset.released, .data_source.*
    auto store = std::make_shared<stats::PgDatasetStore>(rt.pool(), [&relay] { relay.Wake(); });
    auto datasets = std::make_shared<stats::DatasetService>(*store);
    // Every released version's cube, before serving: the first queries do not wait.
    absl::StatusOr<size_t> bytes = datasets->Warm();
    if (!bytes.ok()) return bytes.status();
    log::Info("statistics cubes built", {{"bytes", std::to_string(*bytes)}});
    auto source_store =
        std::make_shared<stats::PgDataSourceStore>(rt.pool(), [&relay] { relay.Wake(); });
    auto sources = std::make_shared<stats::DataSourceService>(*source_store);
    // Public projects by diaspora country, from the registry's events.
    rt.AddConsumer({.durable = "stats-projects",
                    .filter_subject = "atlas.registry.project.>",
                    .after_commit = [&relay] { relay.Wake(); }},
                   [](pqxx::work& tx, const bus::Event& e) {
                     return stats::RegistryEvents().Dispatch(tx, e);
                   });
    auto projects = std::make_shared<stats::PgProjectCounts>(rt.pool());
    auto api =
        std::make_shared<stats::StatsServiceImpl>(*datasets, *sources, *projects, rt.authorizer());
    rt.Keep(projects);
    rt.Keep(store);
    rt.Keep(source_store);
    rt.Keep(sources);
    rt.Keep(datasets);
    rt.Keep(api);
    rt.AddService(api.get());
    return absl::OkStatus();
  });
}
