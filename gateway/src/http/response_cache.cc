#include "gateway/http/response_cache.h"

namespace atlas::gateway::http {

ResponseCache::ResponseCache(size_t max_bytes, std::chrono::seconds max_age)
    : max_bytes_(max_bytes), max_age_(max_age) {}

uint64_t ResponseCache::Stamp() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stamp_;
}

std::shared_ptr<const ResponseCache::Answer> ResponseCache::Find(const std::string& key,
                                                                 Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now - it->second.stored > max_age_) {
    if (it != entries_.end()) EraseLocked(key);
    ++stats_.misses;
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  ++stats_.hits;
  return it->second.answer;
}

bool ResponseCache::Store(const std::string& key, Answer answer,
                          const std::vector<std::string>& tags, uint64_t stamp,
                          Clock::time_point now) {
  size_t bytes = key.size() + answer.body.size() + answer.gzip.size() + 256;
  for (const auto& [name, value] : answer.headers) bytes += name.size() + value.size();
  std::lock_guard<std::mutex> lock(mu_);
  // Any invalidation since the stamp refuses it: simpler than per tag, and
  // bounded (no per-tag history); answers are asked again soon anyway.
  if (stamp != stamp_ || bytes > max_bytes_ / 8) {
    ++stats_.refused;
    return false;
  }
  if (entries_.count(key) > 0) EraseLocked(key);
  while (!lru_.empty() && stats_.bytes + bytes > max_bytes_) {
    EraseLocked(lru_.back());
    ++stats_.evictions;
  }
  lru_.push_front(key);
  entries_[key] =
      Entry{std::make_shared<const Answer>(std::move(answer)), tags, bytes, now, lru_.begin()};
  for (const auto& tag : tags) by_tag_[tag].insert(key);
  stats_.bytes += bytes;
  ++stats_.stores;
  return true;
}

void ResponseCache::Invalidate(const std::vector<std::string>& tags) {
  std::lock_guard<std::mutex> lock(mu_);
  ++stamp_;
  for (const auto& tag : tags) {
    auto it = by_tag_.find(tag);
    if (it == by_tag_.end()) continue;
    const std::set<std::string> keys = std::move(it->second);
    by_tag_.erase(it);
    for (const auto& key : keys) EraseLocked(key);
  }
  ++stats_.invalidations;
}

void ResponseCache::EraseLocked(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  for (const auto& tag : it->second.tags) {
    auto t = by_tag_.find(tag);
    if (t == by_tag_.end()) continue;
    t->second.erase(key);
    if (t->second.empty()) by_tag_.erase(t);
  }
  lru_.erase(it->second.lru);
  stats_.bytes -= it->second.bytes;
  entries_.erase(it);
}

ResponseCache::Stats ResponseCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stats out = stats_;
  out.entries = entries_.size();
  return out;
}

}  // namespace atlas::gateway::http
