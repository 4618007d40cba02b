// atlas-notify: wiring only. See docs/services.md.
#include "atlas/runtime/runtime.h"
#include "notify/api/notify_service.h"
#include "notify/domain/inbox_service.h"
#include "notify/events/inbox_events.h"
#include "notify/store/pg_inbox_store.h"

const std::vector<atlas::db::Migration>& NotifyMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(argc, argv, core::kNotify, NotifyMigrations(), [](runtime::Runtime& rt) {
    // Inbox entries come from registry events; security audit events
    // (atlas.audit.*) go to the gateway's audit log instead. JetStream 2.9
    // takes one filter per consumer: other producers get their own consumer.
    rt.AddConsumer(
        {.durable = "notify-registry", .filter_subject = "atlas.registry.>"},
        [](pqxx::work& tx, const bus::Event& e) { return notify::InboxEvents().Dispatch(tx, e); });
    auto store = std::make_shared<notify::PgInboxStore>(rt.pool());
    auto inbox = std::make_shared<notify::InboxService>(*store);
    auto api = std::make_shared<notify::NotifyServiceImpl>(*inbox, rt.authorizer());
    rt.Keep(store);
    rt.Keep(inbox);
    rt.Keep(api);
    rt.AddService(api.get());
    return absl::OkStatus();
  });
}
