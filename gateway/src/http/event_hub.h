// Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html)
// for open pages of the atlas: every published change is a numbered frame,
// kept in a ring of the most recent ones so a reconnecting browser
// (Last-Event-ID) gets what it missed, or a `reset` event when that is
// older than the ring (or from before this process started).
#ifndef ATLAS_GATEWAY_HTTP_EVENT_HUB_H_
#define ATLAS_GATEWAY_HTTP_EVENT_HUB_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace atlas::gateway::http {

// Whom a frame concerns (a person's notification): recipient keys
// (user:<handle>, org:<id>, role:<role>) and an organisation that alone (with
// the ministry's staff) may see it, whoever it names. No recipients: every
// subscriber (the public hub's frames).
struct StreamAudience {
  std::vector<std::string> recipients = {};
  std::string organisation = {};
};
// Who a subscriber is: their recipient keys, as their token says. Empty:
// an anonymous page, which receives only frames without an audience.
struct StreamViewer {
  std::vector<std::string> keys = {};
};

class EventHub {
 public:
  using Push = std::function<void(const std::string& frame)>;

  using Audience = StreamAudience;
  using Viewer = StreamViewer;
  // Whether `viewer` is shown a frame for `audience` — the rule atlas-notify
  // applies to its inbox (notify/domain/inbox.h).
  static bool Shows(const Audience& audience, const Viewer& viewer);

  explicit EventHub(size_t keep = 512, size_t max_subscribers = 10000)
      : keep_(keep), max_subscribers_(max_subscribers) {}

  // Sends `data` (one line of JSON) as event `type` to every subscriber.
  // Returns the event's id.
  uint64_t Publish(const std::string& type, const std::string& data, Audience audience = {});

  // What a stream starts with: the retry delay, then either the frames after
  // `last_event_id` or, when they are no longer all kept, a reset event.
  std::string Opening(std::optional<uint64_t> last_event_id, const Viewer& viewer = {}) const;

  // Registers `push` (called from the publishing thread, must not block);
  // 0 when full.
  uint64_t Subscribe(Push push, Viewer viewer = {});
  void Unsubscribe(uint64_t id);
  size_t subscribers() const;

  static std::string Frame(uint64_t id, const std::string& type, const std::string& data);

 private:
  const size_t keep_, max_subscribers_;
  mutable std::mutex mu_;
  uint64_t next_id_ = 1, next_subscriber_ = 1;
  struct Kept {
    uint64_t id;
    std::string frame;
    Audience audience;
  };
  std::deque<Kept> recent_;
  std::map<uint64_t, std::pair<Push, Viewer>> subscribers_;
};

}  // namespace atlas::gateway::http

#endif  // ATLAS_GATEWAY_HTTP_EVENT_HUB_H_
