// Login throttling: exponential back-off after repeated failures, per key
// (a submitted user name, whether or not it exists — so throttling reveals
// nothing — and a client IP). A blocked attempt costs no password hashing.
//
// After `free_failures` failures a key is blocked for base_delay, doubling with
// each further failure up to max_delay; a success clears the key; a key with no
// failure for forget_after starts afresh. Memory is bounded: past max_keys,
// keys whose block has expired are dropped first. Times are milliseconds.
// Thread-safe.
#ifndef ATLAS_GATEWAY_IDENTITY_THROTTLE_H_
#define ATLAS_GATEWAY_IDENTITY_THROTTLE_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace atlas::gateway::identity {

struct ThrottleOptions {
  int free_failures = 5;              // failures allowed before the first block
  int64_t base_delay_ms = 1000;       // first block
  int64_t max_delay_ms = 900'000;     // longest block (15 min)
  size_t max_keys = 100'000;          // memory bound
  int64_t forget_after_ms = 900'000;  // quiet this long: start afresh
};

class Throttle final {
 public:
  explicit Throttle(ThrottleOptions options) : options_(options) {}

  // Whole seconds (rounded up) before `key` may try again; 0 = go ahead.
  int64_t RetryAfterSeconds(const std::string& key, int64_t now_ms);
  void Failure(const std::string& key, int64_t now_ms);
  void Success(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    int64_t blocked_until_ms = 0;
    int64_t last_failure_ms = 0;
  };
  void Evict(int64_t now_ms);

  ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace atlas::gateway::identity

#endif  // ATLAS_GATEWAY_IDENTITY_THROTTLE_H_
