// atlas-indicators: wiring only. See docs/services.md.
#include "api/indicators_service.h"
#include "atlas/runtime/runtime.h"

const std::vector<atlas::db::Migration>& IndicatorsMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(
      argc, argv, "indicators", 50054, 9104, IndicatorsMigrations(), [](runtime::Runtime& rt) {
        auto api = std::make_shared<indicators::IndicatorsServiceImpl>(rt.pool(), rt.authorizer());
        rt.Keep(api);
        rt.AddService(api.get());
        return absl::OkStatus();
      });
}
