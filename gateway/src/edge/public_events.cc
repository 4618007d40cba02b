#include "gateway/edge/public_events.h"

#include <nats/nats.h>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "atlas/core/json.h"
#include "atlas/geo/events/v1/map_events.pb.h"
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

}  // namespace

absl::StatusOr<std::unique_ptr<PublicEvents>> PublicEvents::Subscribe(natsConnection* connection,
                                                                      http::EventHub& hub) {
  std::unique_ptr<PublicEvents> events(new PublicEvents());
  if (natsConnection_Subscribe(&events->maps_, connection, "atlas.geo.map.updated", OnMapUpdated,
                               &hub) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.geo.map.updated");
  }
  if (natsConnection_Subscribe(&events->projects_, connection, "atlas.registry.project.>",
                               OnRegistryChange, &hub) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.registry.project.>");
  }
  return events;
}

PublicEvents::~PublicEvents() {
  for (natsSubscription* sub : {projects_, maps_}) {
    if (sub == nullptr) continue;
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
  }
}

}  // namespace atlas::gateway
