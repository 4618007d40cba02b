// atlas-indicators: wiring only. See docs/services.md.
#include "atlas/bus/relay.h"
#include "atlas/core/config.h"
#include "atlas/core/log.h"
#include "atlas/core/periodic.h"
#include "atlas/core/time.h"
#include "atlas/runtime/runtime.h"
#include "indicators/api/indicators_service.h"
#include "indicators/domain/actions.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programme_service.h"
#include "indicators/domain/programming_service.h"
#include "indicators/domain/report_service.h"
#include "indicators/domain/scenario_service.h"
#include "indicators/events/registry_events.h"
#include "indicators/render/pdf_renderer.h"
#include "indicators/store/pg_action_store.h"
#include "indicators/store/pg_performance_store.h"
#include "indicators/store/pg_programme_store.h"
#include "indicators/store/pg_programming_store.h"
#include "indicators/store/pg_scenario_store.h"

const std::vector<atlas::db::Migration>& IndicatorsMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(
      argc, argv, core::kIndicators, IndicatorsMigrations(), [](runtime::Runtime& rt) {
        auto store = std::make_shared<indicators::PgProgrammeStore>(rt.pool());
        auto programmes = std::make_shared<indicators::ProgrammeService>(*store);
        // atlas.indicators.indicator.{measured,off_track}
        bus::Relay& relay = rt.StartRelay();
        auto frameworks =
            std::make_shared<indicators::PgPerformanceStore>(rt.pool(), [&relay] { relay.Wake(); });
        auto performance = std::make_shared<indicators::PerformanceService>(*frameworks);
        auto budget =
            std::make_shared<indicators::PgProgrammingStore>(rt.pool(), [&relay] { relay.Wake(); });
        auto programming = std::make_shared<indicators::ProgrammingService>(*budget);
        // The projects an action lists, from the registry's events.
        rt.AddConsumer({.durable = "indicators-projects",
                        .filter_subject = "atlas.registry.project.>",
                        .after_commit = [&relay] { relay.Wake(); }},
                       [](pqxx::work& tx, const bus::Event& e) {
                         return indicators::RegistryEvents().Dispatch(tx, e);
                       });
        auto action_store =
            std::make_shared<indicators::PgActionStore>(rt.pool(), [&relay] { relay.Wake(); });
        auto actions = std::make_shared<indicators::ActionService>(*action_store);
        // PdP/RdP: PDF with the bundled fonts (docs/indicators.md).
        std::string fonts;
        int due_every_s = 600;
        core::EnvReader env;
        env.String("ATLAS_REPORT_FONTS_DIR", indicators::DefaultFontsDir(), &fonts);
        env.Int("ATLAS_INDICATORS_DUE_CHECK_S", 600, 1, 86400, &due_every_s);
        if (absl::Status s = env.Finish(); !s.ok()) return s;
        auto pdf = std::make_shared<indicators::PangoPdfRenderer>(fonts);
        if (!pdf->Ready().ok()) log::Warn("PDF reports unavailable", {{"fonts", fonts}});
        auto reports =
            std::make_shared<indicators::ReportService>(*performance, *programming, *pdf);
        // What-if scenarios: their moves only (copy-on-write over a version).
        auto scenario_store = std::make_shared<indicators::PgScenarioStore>(rt.pool());
        auto scenarios = std::make_shared<indicators::ScenarioService>(*scenario_store,
                                                                       *programming, *performance);
        auto api = std::make_shared<indicators::IndicatorsServiceImpl>(
            *programmes, *performance, *programming, *actions, *reports, *scenarios,
            rt.authorizer());
        rt.Keep(scenario_store);
        rt.Keep(scenarios);
        rt.Keep(pdf);
        rt.Keep(reports);
        rt.Keep(action_store);
        rt.Keep(actions);
        rt.Keep(budget);
        rt.Keep(programming);
        rt.Keep(frameworks);
        rt.Keep(performance);
        rt.Keep(store);
        rt.Keep(programmes);
        rt.Keep(api);
        // atlas.indicators.indicator.due: the values due and missing, checked
        // at start and every ATLAS_INDICATORS_DUE_CHECK_S (each announced once).
        auto announce = [performance] {
          const std::string today =
              core::FormatRfc3339(std::chrono::system_clock::now(), 0).substr(0, 10);
          absl::StatusOr<int> n = performance->AnnounceDue(today);
          if (!n.ok()) {
            log::Warn("due values check failed; will retry", {{"error", n.status().ToString()}});
            return false;
          }
          if (*n > 0) log::Info("indicator values due announced", {{"count", std::to_string(*n)}});
          return true;
        };
        announce();
        auto due = std::make_shared<core::Periodic>(std::chrono::seconds(due_every_s),
                                                    std::chrono::seconds(60), announce);
        due->Start();
        rt.OnShutdown([d = due.get()] { d->Stop(); });
        rt.Keep(due);
        rt.AddService(api.get());
        return absl::OkStatus();
      });
}
