#include "gateway/edge/public_events.h"

#include <nats/nats.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "atlas/core/json.h"
#include "atlas/core/time.h"
#include "atlas/geo/events/v1/map_events.pb.h"
#include "atlas/notify/events/v1/notification_events.pb.h"
#include "gateway/edge/search_generation.h"
#include "gateway/http/event_hub.h"
#include "gateway/http/response_cache.h"

namespace atlas::gateway {

// Where a public change goes: the atlas pages' hub and the cache.
struct Sinks {
  http::EventHub* hub;
  http::ResponseCache* cache;    // may be null
  SearchGeneration* generation;  // may be null
};

// A change that only drops cached answers: the tags its subject makes stale.
struct Dropper {
  http::ResponseCache* cache;
  std::vector<std::string> tags;
};

std::string ProjectCacheTag(std::string_view id) {
  return "project:" + absl::AsciiStrToLower(std::string(id));
}

namespace {

// A registry event that changes what the public sees -> one SSE frame. Any
// project event drops the cached lists and that project's sheet (an edit of
// the working copy changes no public answer, but checking which verbs do is
// the registry's business, not the cache's).
void OnRegistryChange(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  const auto* sinks = static_cast<const Sinks*>(closure);
  const std::string subject = natsMsg_GetSubject(msg);
  const std::string verb = subject.substr(subject.rfind('.') + 1);
  const char* header = nullptr;
  const std::string name =
      natsMsgHeader_Get(msg, "ce-subject", &header) == NATS_OK && header != nullptr ? header : "";
  const bool project = name.starts_with("projects/") && name.size() <= 100;
  // First the generation, then the cache: a search that misses the cache
  // after this asks the registry for this write at least (decision 0040).
  if (sinks->generation != nullptr) {
    sinks->generation->Heard(SearchGeneration::OfEvent(
        std::string_view(static_cast<const char*>(natsMsg_GetData(msg)),
                         static_cast<size_t>(std::max(0, natsMsg_GetDataLength(msg))))));
  }
  if (sinks->cache != nullptr) {
    std::vector<std::string> tags{"projects"};
    if (project) tags.push_back(ProjectCacheTag(std::string_view(name).substr(9)));
    sinks->cache->Invalidate(tags);
  }
  if ((verb == "published" || verb == "archived" || verb == "good_practice") && project) {
    sinks->hub->Publish("project",
                        core::DumpJson(nlohmann::json{{"project", name}, {"change", verb}}));
  }
  natsMsg_Destroy(msg);
}

// geo serves a new generation of the map -> one SSE frame: pages fetch their
// tiles and areas again now, not after a guessed delay; the cached map
// answers are dropped.
void OnMapUpdated(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  const auto* sinks = static_cast<const Sinks*>(closure);
  if (sinks->cache != nullptr) sinks->cache->Invalidate({"map"});
  geo::events::v1::MapUpdated e;
  if (e.ParseFromArray(natsMsg_GetData(msg), natsMsg_GetDataLength(msg))) {
    sinks->hub->Publish("map", core::DumpJson(nlohmann::json{{"generation", e.generation()}}));
  }
  natsMsg_Destroy(msg);
}

void OnDrop(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  const auto* d = static_cast<const Dropper*>(closure);
  d->cache->Invalidate(d->tags);
  natsMsg_Destroy(msg);
}

// What else the public answers depend on, each change committed with its
// event: the theme taxonomy (vocabularies, and the labels in project
// answers), a Maison des Marocains du Monde changed, a dataset version released (catalogue,
// figures, SDMX), an organisation created (the directory), anything atlas-indicators announces (the
// programmes' answers).
struct DropRule {
  const char* subject;
  std::vector<std::string> tags;
};
const std::vector<DropRule>& DropRules() {
  static const auto* rules = new std::vector<DropRule>{
      {"atlas.registry.theme.>", {"vocabularies", "projects"}},
      {"atlas.registry.maison.>", {"maisons"}},
      {"atlas.registry.document.>", {"documents"}},
      {"atlas.stats.dataset.released", {"datasets", "coverage"}},
      {"atlas.stats.coverage.updated", {"coverage"}},
      {"atlas.stats.data_source.>", {"data_sources"}},
      {"atlas.audit.organisation.>", {"organisations"}},
      {"atlas.indicators.>", {"programmes"}},
  };
  return *rules;
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

absl::StatusOr<std::unique_ptr<PublicEvents>> PublicEvents::Subscribe(
    natsConnection* connection, http::EventHub& hub, http::EventHub& people,
    http::ResponseCache* cache, SearchGeneration* generation) {
  std::unique_ptr<PublicEvents> events(new PublicEvents());
  events->sinks_ = std::make_unique<Sinks>(Sinks{&hub, cache, generation});
  if (natsConnection_Subscribe(&events->maps_, connection, "atlas.geo.map.updated", OnMapUpdated,
                               events->sinks_.get()) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.geo.map.updated");
  }
  if (natsConnection_Subscribe(&events->projects_, connection, "atlas.registry.project.>",
                               OnRegistryChange, events->sinks_.get()) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.registry.project.>");
  }
  if (natsConnection_Subscribe(&events->notifications_, connection,
                               "atlas.notify.notification.created", OnNotification,
                               &people) != NATS_OK) {
    return absl::UnavailableError("cannot subscribe to atlas.notify.notification.created");
  }
  if (cache != nullptr) {
    for (const DropRule& rule : DropRules()) {
      auto& dropper = events->droppers_.emplace_back(
          std::make_unique<Dropper>(Dropper{cache, rule.tags}), nullptr);
      if (natsConnection_Subscribe(&dropper.second, connection, rule.subject, OnDrop,
                                   dropper.first.get()) != NATS_OK) {
        return absl::UnavailableError(std::string("cannot subscribe to ") + rule.subject);
      }
    }
  }
  return events;
}

PublicEvents::~PublicEvents() {
  std::vector<natsSubscription*> subs = {projects_, maps_, notifications_};
  for (const auto& [dropper, sub] : droppers_) subs.push_back(sub);
  for (natsSubscription* sub : subs) {
    if (sub == nullptr) continue;
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
  }
}

}  // namespace atlas::gateway
