// atlas-registry: wiring only. See docs/services.md.
#include "api/registry_service.h"
#include "atlas/bus/relay.h"
#include "atlas/core/config.h"
#include "atlas/runtime/runtime.h"
#include "domain/exchange.h"
#include "domain/project_service.h"
#include "store/pg_portfolio.h"
#include "store/pg_project_store.h"
#include "store/pg_themes.h"

const std::vector<atlas::db::Migration>& RegistryMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(
      argc, argv, "registry", 50051, 9101, RegistryMigrations(), [](runtime::Runtime& rt) {
        bus::Relay& relay = rt.StartRelay();
        auto store =
            std::make_shared<registry::PgProjectStore>(rt.pool(), [&relay] { relay.Wake(); });
        // The ministry as the exports' IATI reporting organisation.
        registry::ReportingOrg reporting;
        core::EnvReader env;
        env.String("ATLAS_IATI_REPORTING_ORG_REF", reporting.ref, &reporting.ref);
        env.String("ATLAS_IATI_REPORTING_ORG_NAME", reporting.name, &reporting.name);
        if (absl::Status s = env.Finish(); !s.ok()) return s;
        if (!registry::IsIatiIdentifier(reporting.ref)) {
          return absl::InvalidArgumentError(
              "ATLAS_IATI_REPORTING_ORG_REF must be an IATI organisation identifier (letters, "
              "digits, "
              ". _ : -)");
        }
        auto service = std::make_shared<registry::ProjectService>(*store);
        auto consultations = std::make_shared<registry::PgConsultations>(rt.pool());
        rt.Keep(consultations);
        // The theme taxonomy (administrators edit it): loaded before serving.
        auto themes = std::make_shared<registry::PgThemes>(rt.pool());
        if (absl::Status s = themes->Start(); !s.ok()) return s;
        rt.Keep(themes);
        auto api = std::make_shared<registry::RegistryServiceImpl>(
            *service, rt.authorizer(), reporting,
            [&pool = rt.pool()](bool working) { return registry::AnalyzePortfolio(pool, working); },
            consultations.get(), themes.get());
        rt.Keep(store);
        rt.Keep(service);
        rt.Keep(api);
        rt.AddService(api.get());
        return absl::OkStatus();
      });
}
