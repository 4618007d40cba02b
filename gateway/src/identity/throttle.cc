// Failure-driven exponential back-off.
#include "identity/throttle.h"

#include <algorithm>

namespace atlas::gateway::identity {

int64_t Throttle::RetryAfter(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.blocked_until <= now) return 0;
  return it->second.blocked_until - now;
}

void Throttle::Failure(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= options_.max_keys && entries_.count(key) == 0) Evict(now);
  Entry& e = entries_[key];
  if (e.failures > 0 && now - e.last_failure > options_.forget_after_s) e = Entry{};
  e.last_failure = now;
  ++e.failures;
  const int over = e.failures - options_.free_failures;
  if (over > 0) {
    const int shift = std::min(over - 1, 30);
    const int64_t delay = std::min(options_.max_delay_s, options_.base_delay_s << shift);
    e.blocked_until = now + delay;
  }
}

void Throttle::Success(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

void Throttle::Evict(int64_t now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.blocked_until <= now ? entries_.erase(it) : std::next(it);
  }
  // Still full of active blocks (an attack across many keys): forget the
  // oldest-looking half rather than grow without bound.
  if (entries_.size() >= options_.max_keys) {
    size_t drop = entries_.size() / 2;
    for (auto it = entries_.begin(); it != entries_.end() && drop > 0; --drop)
      it = entries_.erase(it);
  }
}

}  // namespace atlas::gateway::identity
