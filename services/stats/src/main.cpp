// atlas-stats: wiring only. See docs/services.md.
#include "api/stats_service.h"
#include "atlas/runtime/runtime.h"

const std::vector<atlas::db::Migration>& StatsMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(
      argc, argv, "stats", 50053, 9103, StatsMigrations(), [](runtime::Runtime& rt) {
        auto api = std::make_shared<stats::StatsServiceImpl>(rt.pool(), rt.authorizer());
        rt.Keep(api);
        rt.AddService(api.get());
        return absl::OkStatus();
      });
}
