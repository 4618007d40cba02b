// A small thread-safe cache of shared immutable values by string key, least
// recently used out first. Serves the map's per-filter indexes, their rendered
// responses and the boundary tiles.
#ifndef ATLAS_GEO_DOMAIN_LRU_CACHE_H_
#define ATLAS_GEO_DOMAIN_LRU_CACHE_H_

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace atlas::geo {

template <typename V>
class LruCache {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}

  // The value for `key` (now the most recently used), or nullptr.
  std::shared_ptr<const V> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    items_.splice(items_.begin(), items_, it->second);
    return it->second->second;
  }

  void Put(const std::string& key, std::shared_ptr<const V> value) {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      it->second->second = std::move(value);
      items_.splice(items_.begin(), items_, it->second);
      return;
    }
    items_.emplace_front(key, std::move(value));
    index_.emplace(key, items_.begin());
    if (items_.size() > capacity_) {
      index_.erase(items_.back().first);
      items_.pop_back();
    }
  }

 private:
  using Items = std::list<std::pair<std::string, std::shared_ptr<const V>>>;
  const size_t capacity_;
  std::mutex mu_;
  Items items_;
  std::unordered_map<std::string, typename Items::iterator> index_;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_LRU_CACHE_H_
