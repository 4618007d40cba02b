// atlas-indicators: wiring only. See docs/services.md.
#include "atlas/runtime/runtime.h"
#include "indicators/api/indicators_service.h"
#include "indicators/domain/programme_service.h"
#include "indicators/store/pg_programme_store.h"

const std::vector<atlas::db::Migration>& IndicatorsMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(
      argc, argv, core::kIndicators, IndicatorsMigrations(), [](runtime::Runtime& rt) {
        auto store = std::make_shared<indicators::PgProgrammeStore>(rt.pool());
        auto programmes = std::make_shared<indicators::ProgrammeService>(*store);
        auto api =
            std::make_shared<indicators::IndicatorsServiceImpl>(*programmes, rt.authorizer());
        rt.Keep(store);
        rt.Keep(programmes);
        rt.Keep(api);
        rt.AddService(api.get());
        return absl::OkStatus();
      });
}
