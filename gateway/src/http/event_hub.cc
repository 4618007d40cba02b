// Server-sent events hub.
#include "gateway/http/event_hub.h"

#include "absl/strings/str_cat.h"

namespace atlas::gateway::http {

std::string EventHub::Frame(uint64_t id, const std::string& type, const std::string& data) {
  return absl::StrCat("id: ", id, "\nevent: ", type, "\ndata: ", data, "\n\n");
}

uint64_t EventHub::Publish(const std::string& type, const std::string& data) {
  std::vector<Push> targets;
  uint64_t id = 0;
  std::string frame;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    frame = Frame(id, type, data);
    recent_.emplace_back(id, frame);
    if (recent_.size() > keep_) recent_.pop_front();
    for (const auto& [sid, push] : subscribers_) targets.push_back(push);
  }
  for (const Push& push : targets) push(frame);
  return id;
}

std::string EventHub::Opening(std::optional<uint64_t> last_event_id) const {
  std::string out = "retry: 3000\n\n";
  if (!last_event_id) return out;
  std::lock_guard lock(mu_);
  const uint64_t oldest_kept = recent_.empty() ? next_id_ : recent_.front().first;
  // Missed frames are all still here only if the next one after the last
  // seen is kept (or nothing happened since); anything else: start over.
  if (*last_event_id + 1 < oldest_kept || *last_event_id >= next_id_) {
    return absl::StrCat(out, Frame(next_id_ - 1, "reset", "{}"));
  }
  for (const auto& [id, frame] : recent_) {
    if (id > *last_event_id) out += frame;
  }
  return out;
}

uint64_t EventHub::Subscribe(Push push) {
  std::lock_guard lock(mu_);
  if (subscribers_.size() >= max_subscribers_) return 0;
  const uint64_t id = next_subscriber_++;
  subscribers_.emplace(id, std::move(push));
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
