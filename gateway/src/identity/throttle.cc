// Failure-driven exponential back-off.
#include "gateway/identity/throttle.h"

#include <algorithm>

namespace atlas::gateway::identity {

int64_t Throttle::RetryAfterSeconds(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.blocked_until_ms <= now_ms) return 0;
  return (it->second.blocked_until_ms - now_ms + 999) / 1000;
}

void Throttle::Failure(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= options_.max_keys && entries_.count(key) == 0) Evict(now_ms);
  Entry& e = entries_[key];
  if (e.failures > 0 && now_ms - e.last_failure_ms > options_.forget_after_ms) e = Entry{};
  e.last_failure_ms = now_ms;
  ++e.failures;
  const int over = e.failures - options_.free_failures;
  if (over > 0) {
    const int shift = std::min(over - 1, 30);
    e.blocked_until_ms = now_ms + std::min(options_.max_delay_ms, options_.base_delay_ms << shift);
  }
}

void Throttle::Success(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

void Throttle::Evict(int64_t now_ms) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.blocked_until_ms <= now_ms ? entries_.erase(it) : std::next(it);
  }
  // Still full of active blocks (an attack across many keys): forget half
  // rather than grow without bound.
  if (entries_.size() >= options_.max_keys) {
    size_t drop = entries_.size() / 2;
    for (auto it = entries_.begin(); it != entries_.end() && drop > 0; --drop) {
      it = entries_.erase(it);
    }
  }
}

}  // namespace atlas::gateway::identity
