// atlas-registry: wiring only. See docs/services.md.
#include "api/registry_service.h"
#include "atlas/bus/relay.h"
#include "atlas/runtime/runtime.h"
#include "domain/project_service.h"
#include "store/pg_project_store.h"

const std::vector<atlas::db::Migration>& RegistryMigrations();

int main() {
  using namespace atlas;
  return runtime::Main("registry", 50051, 9101, RegistryMigrations(), [](runtime::Runtime& rt) {
    bus::Relay& relay = rt.StartRelay();
    auto store = std::make_shared<registry::PgProjectStore>(rt.pool(), [&relay] { relay.Wake(); });
    auto service = std::make_shared<registry::ProjectService>(*store);
    auto api = std::make_shared<registry::RegistryServiceImpl>(*service, rt.authorizer());
    rt.Keep(store);
    rt.Keep(service);
    rt.Keep(api);
    rt.AddService(api.get());
    return absl::OkStatus();
  });
}
