#include "gateway/edge/public_events.h"

#include <nats/nats.h>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "atlas/core/json.h"
#include "atlas/core/time.h"
#include "atlas/geo/events/v1/map_events.pb.h"
#include "atlas/notify/events/v1/notification_events.pb.h"
#include "gateway/http/event_hub.h"

namespace atlas::gateway {
namespace {

// A registry event that changes what the public sees -> one SSE frame.
void OnRegistryChange(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* hub = static_cast<http::EventHub*>(closure);
  const std::string subject = natsMsg_GetSubject(msg);
  const std::string verb = subject.substr(subject.rfind('.') + 1);
  const char* name = nullptr;
  if ((verb == "published" || verb == "archived" || verb == "good_practice") &&
      natsMsgHeader_Get(msg, "ce-subject", &name) == NATS_OK && name != nullptr &&
      std::string_view(name).starts_with("projects/")) {
    hub->Publish("project", core::DumpJson(nlohmann::json{{"project", name}, {"change", verb}}));
  }
  natsMsg_Destroy(msg);
}

// geo serves a new generation of the map -> one SSE frame: pages fetch their
// tiles and areas again now, not after a guessed delay.
void OnMapUpdated(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* hub = static_cast<http::EventHub*>(closure);
  geo::events::v1::MapUpdated e;
  if (e.ParseFromArray(natsMsg_GetData(msg), natsMsg_GetDataLength(msg))) {
    hub->Publish("map", core::DumpJson(nlohmann::json{{"generation", e.generation()}}));
  }
  natsMsg_Destroy(msg);
}

// atlas-notify recorded a notification -> one frame for those it concerns.
void OnNotification(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* hub = static_cast<http::EventHub*>(closure);
  notify::events::v1::NotificationCreated n;
  if (n.ParseFromArray(natsMsg_GetData(msg), natsMsg_GetDataLength(msg)) &&
      n.recipients_size() > 0 && n.recipients_size() <= 1000) {
    nlohmann::json data = {
        {"name", n.name()},
        {"kind", n.kind()},
        {"eventType", n.event_type()},
        {"subject", n.subject()},
        {"label", n.label()},
        {"summary", n.summary()},
        {"createTime", core::FormatRfc3339(std::chrono::system_clock::time_point(
                                               std::chrono::microseconds(n.create_time_us())),
                                           6)}};
    hub->Publish("notification", core::DumpJson(data),
                 {.recipients = {n.recipients().begin(), n.recipients().end()},
                  .organisation = n.audience()});
  }
  natsMsg_Destroy(msg);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PublicEvents>> PublicEvents::Subscribe(natsConnection* connection,
                                                                      http::EventHub& hub,
                                                                      http::EventHub& people) {
  std::unique_ptr<PublicEvents> events(new PublicEvents());
  if (natsConnection_Subscribe(&events->maps_, connection, "atlas.geo.map.updated", OnMapUpdated,
                               &hub) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.geo.map.updated");
  }
  if (natsConnection_Subscribe(&events->projects_, connection, "atlas.registry.project.>",
                               OnRegistryChange, &hub) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.registry.project.>");
  }
  if (natsConnection_Subscribe(&events->notifications_, connection,
                               "atlas.notify.notification.created", OnNotification,
                               &people) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.notify.notification.created");
  }
  return events;
}

PublicEvents::~PublicEvents() {
  for (natsSubscription* sub : {projects_, maps_, notifications_}) {
    if (sub == nullptr) continue;
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
  }
}

}  // namespace atlas::gateway
