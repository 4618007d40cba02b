// Request rate limits at the edge: a token bucket per key (a client IP, a
// bearer token). Each key may spend `burst` requests at once and earns `rate`
// per second back. Memory is bounded: past max_keys, the fullest buckets
// (idle clients) are dropped first, which only ever lets a client through.
// Thread-safe; times in milliseconds.
#ifndef ATLAS_GATEWAY_HTTP_RATE_LIMITER_H_
#define ATLAS_GATEWAY_HTTP_RATE_LIMITER_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace atlas::gateway::http {

struct RateLimit {
  double rate = 0;   // requests per second; 0 = unlimited
  double burst = 0;  // bucket size (at least 1)
  size_t max_keys = 100'000;
};

class RateLimiter final {
 public:
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  // Takes one request from `key`'s bucket: 0 if allowed, else the whole
  // seconds (at least 1) after which one will be.
  int64_t Take(const std::string& key, int64_t now_ms);
  bool enabled() const { return limit_.rate > 0; }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_ms = 0;
  };
  void Evict(int64_t now_ms);

  RateLimit limit_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace atlas::gateway::http

#endif  // ATLAS_GATEWAY_HTTP_RATE_LIMITER_H_
