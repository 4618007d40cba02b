// Server-sent events hub.
#include "gateway/http/event_hub.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace atlas::gateway::http {

std::string EventHub::Frame(uint64_t id, const std::string& type, const std::string& data) {
  return absl::StrCat("id: ", id, "\nevent: ", type, "\ndata: ", data, "\n\n");
}

bool EventHub::Shows(const Audience& audience, const Viewer& viewer) {
  if (audience.recipients.empty()) return true;
  auto has = [&](const std::string& key) {
    return std::find(viewer.keys.begin(), viewer.keys.end(), key) != viewer.keys.end();
  };
  const bool addressed = std::any_of(audience.recipients.begin(), audience.recipients.end(), has);
  const bool allowed = audience.organisation.empty() || has("org:" + audience.organisation) ||
                       has("role:validator") || has("role:analyst") || has("role:admin");
  return addressed && allowed;
}

uint64_t EventHub::Publish(const std::string& type, const std::string& data, Audience audience) {
  std::vector<Push> targets;
  uint64_t id = 0;
  std::string frame;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    frame = Frame(id, type, data);
    for (const auto& [sid, sub] : subscribers_) {
      if (Shows(audience, sub.second)) targets.push_back(sub.first);
    }
    recent_.push_back({id, frame, std::move(audience)});
    if (recent_.size() > keep_) recent_.pop_front();
  }
  for (const Push& push : targets) push(frame);
  return id;
}

std::string EventHub::Opening(std::optional<uint64_t> last_event_id, const Viewer& viewer) const {
  std::string out = "retry: 3000\n\n";
  if (!last_event_id) return out;
  std::lock_guard lock(mu_);
  const uint64_t oldest_kept = recent_.empty() ? next_id_ : recent_.front().id;
  // Missed frames are all still here only if the next one after the last
  // seen is kept (or nothing happened since); anything else: start over.
  if (*last_event_id + 1 < oldest_kept || *last_event_id >= next_id_) {
    return absl::StrCat(out, Frame(next_id_ - 1, "reset", "{}"));
  }
  for (const Kept& k : recent_) {
    if (k.id > *last_event_id && Shows(k.audience, viewer)) out += k.frame;
  }
  return out;
}

uint64_t EventHub::Subscribe(Push push, Viewer viewer) {
  std::lock_guard lock(mu_);
  if (subscribers_.size() >= max_subscribers_) return 0;
  const uint64_t id = next_subscriber_++;
  subscribers_.emplace(id, std::make_pair(std::move(push), std::move(viewer)));
  return id;
}

void EventHub::Unsubscribe(uint64_t id) {
  std::lock_guard lock(mu_);
  subscribers_.erase(id);
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace atlas::gateway::http
