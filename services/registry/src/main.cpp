// atlas-registry: wiring only. See docs/services.md.
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <pqxx/pqxx>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "atlas/bus/event.h"
#include "atlas/bus/relay.h"
#include "atlas/core/config.h"
#include "atlas/core/log.h"
#include "atlas/core/periodic.h"
#include "atlas/report/pdf_renderer.h"
#include "atlas/runtime/runtime.h"
#include "registry/api/registry_service.h"
#include "registry/domain/exchange.h"
#include "registry/domain/project_service.h"
#include "registry/store/pg_consultations.h"
#include "registry/store/pg_dialogue_store.h"
#include "registry/store/pg_evaluation_store.h"
#include "registry/store/pg_library.h"
#include "registry/store/pg_maisons.h"
#include "registry/store/pg_plans.h"
#include "registry/store/pg_portfolio.h"
#include "registry/store/pg_project_store.h"
#include "registry/store/pg_themes.h"
#include "registry/store/region_outlines.h"

const std::vector<atlas::db::Migration>& RegistryMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(argc, argv, core::kRegistry, RegistryMigrations(), [](runtime::Runtime& rt) {
    bus::Relay& relay = rt.StartRelay();
    auto store = std::make_shared<registry::PgProjectStore>(rt.pool(), [&relay] { relay.Wake(); });
    // Search rows written before the registry's own text analysis get its terms.
    absl::StatusOr<int> backfilled = store->BackfillSearchTerms();
    if (!backfilled.ok()) return backfilled.status();
    if (*backfilled > 0) {
      log::Info("search terms written", {{"projects", std::to_string(*backfilled)}});
    }
    // Versions without their binary copy (before migration 0017, or changed
    // by SQL alone) get it in the background, 500 a transaction; readers use
    // the JSON meanwhile.
    auto copier = std::make_shared<core::Periodic>(
        std::chrono::seconds(1), std::chrono::seconds(30), [store, after = int64_t{0}]() mutable {
          const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
          do {
            absl::StatusOr<int64_t> last = store->BackfillBinaryDocuments(after, 500);
            if (!last.ok()) {
              log::Warn("binary copies not written; will retry",
                        {{"error", last.status().ToString()}});
              return false;
            }
            after = *last;
          } while (after != 0 && std::chrono::steady_clock::now() < until);
          return true;
        });
    copier->Start();
    rt.OnShutdown([c = copier.get()] { c->Stop(); });
    rt.Keep(copier);
    // The ministry's registered IATI publisher, set by an operator (both
    // variables); unset, the exports say their publisher is unconfigured.
    registry::ReportingOrg reporting;
    core::EnvReader env;
    std::string ref;
    std::string name;
    env.String("ATLAS_IATI_REPORTING_ORG_REF", "", &ref);
    env.String("ATLAS_IATI_REPORTING_ORG_NAME", "", &name);
    if (ref.empty() != name.empty()) {
      return absl::InvalidArgumentError(
          "ATLAS_IATI_REPORTING_ORG_REF and ATLAS_IATI_REPORTING_ORG_NAME are set together (the "
          "ministry's IATI publisher reference and name), or neither");
    }
    if (!ref.empty()) reporting = {.ref = ref, .name = name, .configured = true};
    // Searches answered from memory (decision 0029); off: from PostgreSQL alone.
    bool mirror = true;
    env.Bool("ATLAS_REGISTRY_SEARCH_MIRROR", true, &mirror);
    if (absl::Status s = env.Finish(); !s.ok()) return s;
    if (mirror) {
      auto& rows = prometheus::BuildGauge()
                       .Name("atlas_registry_search_mirror_rows")
                       .Help("Search rows in this replica's in-memory search mirror")
                       .Register(rt.metrics())
                       .Add({});
      auto& bytes = prometheus::BuildGauge()
                        .Name("atlas_registry_search_mirror_bytes")
                        .Help("Approximate memory of the search mirror's rows and bitmaps")
                        .Register(rt.metrics())
                        .Add({});
      store->OnMirrorChange([&rows, &bytes](size_t n, size_t b) {
        rows.Set(static_cast<double>(n));
        bytes.Set(static_cast<double>(b));
      });
      if (absl::Status s = store->LoadMirror(); !s.ok()) return s;
      log::Info("search mirror loaded", {{"rows", std::to_string(store->MirrorRows())},
                                         {"bytes", std::to_string(store->MirrorBytes())}});
    }
    if (!registry::IsIatiIdentifier(reporting.ref)) {
      return absl::InvalidArgumentError(
          "ATLAS_IATI_REPORTING_ORG_REF must be an IATI organisation identifier (letters, "
          "digits, "
          ". _ : -)");
    }
    auto service = std::make_shared<registry::ProjectService>(*store, *store);
    auto dialogue_store =
        std::make_shared<registry::PgDialogueStore>(rt.pool(), [&relay] { relay.Wake(); });
    auto dialogue = std::make_shared<registry::DialogueService>(*service, *dialogue_store);
    auto evaluation_store =
        std::make_shared<registry::PgEvaluationStore>(rt.pool(), [&relay] { relay.Wake(); });
    auto evaluations = std::make_shared<registry::EvaluationService>(*service, *evaluation_store);
    auto consultation_store = std::make_shared<registry::PgConsultations>(rt.pool());
    auto consultations = std::make_shared<registry::ConsultationService>(*consultation_store);
    rt.Keep(consultation_store);
    rt.Keep(consultations);
    // The theme taxonomy (administrators edit it): loaded before serving.
    auto theme_store = std::make_shared<registry::PgThemes>(rt.pool());
    if (absl::Status s = theme_store->Start(); !s.ok()) return s;
    auto themes = std::make_shared<registry::ThemeService>(*theme_store);
    rt.Keep(theme_store);
    rt.Keep(themes);
    // The printed project sheet: the bundled fonts, and the regions' outlines
    // from the reference geography geo loads too (optional: without it, a
    // sheet says its map is unavailable).
    std::string fonts;
    std::string geography;
    std::string public_url;
    core::EnvReader sheet_env;
    sheet_env.String("ATLAS_REPORT_FONTS_DIR", report::DefaultFontsDir(), &fonts);
    sheet_env.String("ATLAS_GEO_REFERENCE_FILE", "", &geography);
    sheet_env.String("ATLAS_PUBLIC_URL", "", &public_url);
    if (absl::Status s = sheet_env.Finish(); !s.ok()) return s;
    // Sheets are laid out one at a time, ~10-30 ms each: beyond 4 waiting, a
    // request is told to come back rather than hold one more of the threads.
    auto pdf = std::make_shared<report::PangoPdfRenderer>(fonts, /*max_waiting=*/4);
    if (!pdf->Ready().ok()) log::Warn("project sheets (PDF) unavailable", {{"fonts", fonts}});
    rt.Keep(pdf);
    std::shared_ptr<registry::RegionOutlines> outlines;
    if (!geography.empty()) {
      absl::StatusOr<registry::RegionOutlines> loaded = registry::LoadRegionOutlines(geography);
      if (loaded.ok()) {
        outlines = std::make_shared<registry::RegionOutlines>(*std::move(loaded));
        rt.Keep(outlines);
      } else {
        log::Warn("project sheets without their map", {{"reason", loaded.status().ToString()}});
      }
    }
    // The Maisons des Marocains du Monde: points checked against the regions'
    // outlines when they are loaded.
    auto maison_store =
        std::make_shared<registry::PgMaisons>(rt.pool(), [&relay] { relay.Wake(); });
    auto maisons = std::make_shared<registry::MaisonDirectory>(
        *maison_store, registry::MaisonContext{.outlines = outlines.get()});
    rt.Keep(maison_store);
    rt.Keep(maisons);
    // The studies library: PDFs up to ATLAS_LIBRARY_MAX_FILE_BYTES (the gRPC
    // message limit of 4 MiB bounds it), read by poppler in children with
    // limits, passed first to ATLAS_LIBRARY_SCAN_COMMAND when set (argv,
    // space-separated; exit 0 clean, 1 infected).
    int max_file_bytes = 3 << 20;
    std::string scan;
    core::EnvReader library_env;
    library_env.Int("ATLAS_LIBRARY_MAX_FILE_BYTES", 3 << 20, 1024, 3584 * 1024, &max_file_bytes);
    library_env.String("ATLAS_LIBRARY_SCAN_COMMAND", "", &scan);
    if (absl::Status s = library_env.Finish(); !s.ok()) return s;
    auto inspector = std::make_shared<registry::PopplerInspector>(
        absl::StrSplit(scan, ' ', absl::SkipEmpty()), registry::ChildLimits{});
    auto library_store =
        std::make_shared<registry::PgLibrary>(rt.pool(), [&relay] { relay.Wake(); });
    auto library = std::make_shared<registry::Library>(*library_store, *inspector, max_file_bytes);
    absl::StatusOr<int> library_terms = library_store->BackfillTerms();
    if (!library_terms.ok()) return library_terms.status();
    if (*library_terms > 0) {
      log::Info("library search terms written", {{"documents", std::to_string(*library_terms)}});
    }
    rt.Keep(inspector);
    rt.Keep(library_store);
    rt.Keep(library);
    // The co-construction workspace. Members must be organisations of the
    // platform, mentioned people of member organisations: read models of the
    // gateway's atlas.audit.organisation.created and atlas.audit.user.*.
    for (const auto& [durable, subject] :
         {std::pair{"registry-organisations", "atlas.audit.organisation.>"},
          std::pair{"registry-users", "atlas.audit.user.>"}}) {
      rt.AddConsumer(
          {.durable = durable, .filter_subject = subject},
          [](pqxx::work& tx, const bus::Event& e) { return registry::RecordIdentity(tx, e); });
    }
    auto plan_store = std::make_shared<registry::PgPlans>(rt.pool(), [&relay] { relay.Wake(); });
    auto plans = std::make_shared<registry::PlanService>(*plan_store);
    rt.Keep(plan_store);
    rt.Keep(plans);
    // atlas.registry.plan.activity.due: activities ending within the notice
    // period, checked every ATLAS_PLANS_DUE_CHECK_S (once each across replicas).
    int due_every_s = 600;
    int notice_days = 7;
    core::EnvReader plan_env;
    plan_env.Int("ATLAS_PLANS_DUE_CHECK_S", 600, 1, 86400, &due_every_s);
    plan_env.Int("ATLAS_PLANS_DUE_NOTICE_DAYS", 7, 0, 90, &notice_days);
    if (absl::Status s = plan_env.Finish(); !s.ok()) return s;
    auto due = std::make_shared<core::Periodic>(
        std::chrono::seconds(due_every_s), std::chrono::seconds(due_every_s), [plans, notice_days] {
          const std::string today = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
          absl::StatusOr<int> n = plans->AnnounceDue(today, notice_days);
          if (!n.ok()) {
            log::Warn("plan activities due not checked; will retry",
                      {{"error", n.status().ToString()}});
            return false;
          }
          if (*n > 0) log::Info("plan activities due announced", {{"count", std::to_string(*n)}});
          return true;
        });
    due->Start();
    rt.OnShutdown([d = due.get()] { d->Stop(); });
    rt.Keep(due);
    auto portfolio = std::make_shared<registry::PgPortfolio>(rt.pool());
    absl::StatusOr<registry::v1::IndicativeRates> rates = registry::LoadIndicativeRates(rt.pool());
    if (!rates.ok()) return rates.status();
    rt.Keep(portfolio);
    auto api = std::make_shared<registry::RegistryServiceImpl>(
        registry::RegistryRooms{.projects = service.get(),
                                .dialogue = dialogue.get(),
                                .evaluations = evaluations.get(),
                                .portfolio = portfolio.get(),
                                .consultations = consultations.get(),
                                .themes = themes.get(),
                                .maisons = maisons.get(),
                                .library = library.get(),
                                .plans = plans.get(),
                                .reporting = reporting,
                                .rates = *std::move(rates),
                                .pdf = pdf.get(),
                                .outlines = outlines.get(),
                                .public_url = public_url},
        rt.authorizer());
    for (std::shared_ptr<void> kept :
         {std::shared_ptr<void>(store), std::shared_ptr<void>(service),
          std::shared_ptr<void>(dialogue_store), std::shared_ptr<void>(dialogue),
          std::shared_ptr<void>(evaluation_store), std::shared_ptr<void>(evaluations)}) {
      rt.Keep(std::move(kept));
    }
    rt.Keep(api);
    rt.AddService(api.get());
    return absl::OkStatus();
  });
}
