// Token buckets.
#include "gateway/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace atlas::gateway::http {

int64_t RateLimiter::Take(const std::string& key, int64_t now_ms) {
  if (!enabled()) return 0;
  const double burst = std::max(1.0, limit_.burst);
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limit_.max_keys) Evict(now_ms);
    it = buckets_.emplace(key, Bucket{burst, now_ms}).first;
  }
  Bucket& b = it->second;
  const double earned =
      static_cast<double>(std::max<int64_t>(0, now_ms - b.updated_ms)) / 1000.0 * limit_.rate;
  b.tokens = std::min(burst, b.tokens + earned);
  b.updated_ms = now_ms;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / limit_.rate)));
}

void RateLimiter::Evict(int64_t now_ms) {
  // Buckets that have refilled belong to idle clients: forgetting them changes nothing.
  const double burst = std::max(1.0, limit_.burst);
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double full_after_ms = (burst - it->second.tokens) / limit_.rate * 1000.0;
    if (static_cast<double>(now_ms - it->second.updated_ms) >= full_after_ms) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
  // Still full of active clients: drop half, arbitrarily (fails open).
  if (buckets_.size() >= limit_.max_keys) {
    for (auto it = buckets_.begin();
         it != buckets_.end() && buckets_.size() > limit_.max_keys / 2;) {
      it = buckets_.erase(it);
    }
  }
}

}  // namespace atlas::gateway::http
