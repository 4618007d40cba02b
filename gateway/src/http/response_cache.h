// Public answers kept in the gateway's memory (issue 22): an anonymous read
// of a cacheable route is answered from here until an event says its data
// changed. Entries are keyed by the canonical request (route, sorted query,
// language), tagged by what they depend on ("projects", "project:<id>",
// "map"), bounded in bytes (least recently used first out) and in age (a
// lost event costs at most `max_age`). Answers to callers with credentials
// never come here (the gateway's Forward decides). Thread-safe.
#ifndef ATLAS_GATEWAY_HTTP_RESPONSE_CACHE_H_
#define ATLAS_GATEWAY_HTTP_RESPONSE_CACHE_H_

#include <chrono>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace atlas::gateway::http {

class ResponseCache {
 public:
  using Clock = std::chrono::steady_clock;
  // One stored answer: its bytes as is and gzipped (empty: not worth it),
  // and the headers that describe them.
  struct Answer {
    std::string body, gzip;
    std::vector<std::pair<std::string, std::string>> headers;  // name, value
    std::string route;  // the route template it answered (a metric label)
  };
  struct Stats {
    uint64_t hits = 0, misses = 0, stores = 0, evictions = 0, invalidations = 0, refused = 0;
    size_t bytes = 0, entries = 0;
  };

  ResponseCache(size_t max_bytes, std::chrono::seconds max_age);

  // A stamp to take before asking the backend; Store() refuses an answer if
  // anything was invalidated since (the data may have changed under it).
  uint64_t Stamp() const;
  std::shared_ptr<const Answer> Find(const std::string& key, Clock::time_point now = Clock::now());
  // False if refused: an invalidation since `stamp`, or larger than an
  // eighth of the cache.
  bool Store(const std::string& key, Answer answer, const std::vector<std::string>& tags,
             uint64_t stamp, Clock::time_point now = Clock::now());
  // Drops every entry carrying one of `tags`.
  void Invalidate(const std::vector<std::string>& tags);
  Stats stats() const;

 private:
  struct Entry {
    std::shared_ptr<const Answer> answer;
    std::vector<std::string> tags;
    size_t bytes = 0;
    Clock::time_point stored;
    std::list<std::string>::iterator lru;  // position in lru_ (front: most recent)
  };
  void EraseLocked(const std::string& key);

  const size_t max_bytes_;
  const std::chrono::seconds max_age_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;
  std::map<std::string, std::set<std::string>> by_tag_;
  uint64_t stamp_ = 0;  // bumped by every Invalidate()
  Stats stats_;
};

}  // namespace atlas::gateway::http

#endif  // ATLAS_GATEWAY_HTTP_RESPONSE_CACHE_H_
