// atlas-notify: wiring only. See docs/services.md.
#include "api/notify_service.h"
#include "atlas/runtime/runtime.h"
#include "events/inbox_events.h"

const std::vector<atlas::db::Migration>& NotifyMigrations();

int main(int argc, char** argv) {
  using namespace atlas;
  return runtime::Main(
      argc, argv, "notify", 50055, 9105, NotifyMigrations(), [](runtime::Runtime& rt) {
        // Inbox entries come from registry events; security audit events
        // (atlas.audit.*) go to the gateway's audit log instead. JetStream 2.9
        // takes one filter per consumer: other producers get their own consumer.
        rt.AddConsumer({.durable = "notify-registry", .filter_subject = "atlas.registry.>"},
                       notify::RecordEvent);
        auto api = std::make_shared<notify::NotifyServiceImpl>(rt.pool(), rt.authorizer());
        rt.Keep(api);
        rt.AddService(api.get());
        return absl::OkStatus();
      });
}
