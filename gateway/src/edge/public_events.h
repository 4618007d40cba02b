// What open atlas pages hear on GET /v1/events, from plain NATS subscriptions
// (each gateway replica hears everything): a project published, archived or
// flagged as good practice (by name only), and each map generation geo serves.
// And what open workspaces hear on GET /v1/notifications:stream: each new
// notification atlas-notify records, shown only to those it concerns. And,
// for the cache of public answers, the other changes those answers follow:
// themes, dataset releases, organisations.
#ifndef ATLAS_GATEWAY_EDGE_PUBLIC_EVENTS_H_
#define ATLAS_GATEWAY_EDGE_PUBLIC_EVENTS_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

struct __natsConnection;
struct __natsSubscription;

namespace atlas::gateway {

namespace http {
class EventHub;
class ResponseCache;
}  // namespace http

struct Sinks;
struct Dropper;
class SearchGeneration;

// The cache tag of project `id`'s sheet: "project:" and the id lower-cased
// (a UUID may be asked in either case).
std::string ProjectCacheTag(std::string_view id);

class PublicEvents final {
 public:
  // Subscribes on `connection` and publishes frames to `hub` ("project",
  // "map") and to `people` ("notification", with its audience), raises
  // `generation` (may be null) to the generation each project event carries
  // and then drops what those changes make stale from `cache` (may be null);
  // all must outlive the returned object.
  static absl::StatusOr<std::unique_ptr<PublicEvents>> Subscribe(
      __natsConnection* connection, http::EventHub& hub, http::EventHub& people,
      http::ResponseCache* cache = nullptr, SearchGeneration* generation = nullptr);
  // Unsubscribes: no frame is published after this returns.
  ~PublicEvents();
  PublicEvents(const PublicEvents&) = delete;
  PublicEvents& operator=(const PublicEvents&) = delete;

 private:
  PublicEvents() = default;
  __natsSubscription* projects_ = nullptr;
  __natsSubscription* maps_ = nullptr;
  __natsSubscription* notifications_ = nullptr;
  std::unique_ptr<Sinks> sinks_;
  // Subscriptions that only drop cached answers (themes, datasets, organisations).
  std::vector<std::pair<std::unique_ptr<Dropper>, __natsSubscription*>> droppers_;
};

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_EDGE_PUBLIC_EVENTS_H_
