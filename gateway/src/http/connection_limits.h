// Caps on what one client may hold open at once (connections, event
// streams, request bodies being received), per address and in all.
//
// A slot is a Lease, given back when the Lease is destroyed. Only addresses
// holding a slot are remembered, so memory follows what is open, not what was
// ever seen. Thread-safe.
#ifndef ATLAS_GATEWAY_HTTP_CONNECTION_LIMITS_H_
#define ATLAS_GATEWAY_HTTP_CONNECTION_LIMITS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace atlas::gateway::http {

struct Caps {
  int per_address = 0;  // 0 = no cap
  int total = 0;        // 0 = no cap
};

class ConnectionLimits final : public std::enable_shared_from_this<ConnectionLimits> {
 public:
  static std::shared_ptr<ConnectionLimits> Create(Caps caps);

  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept : owner_(std::move(other.owner_)), key_(std::move(other.key_)) {}
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { Release(); }
    void Release();
    bool held() const { return owner_ != nullptr; }

   private:
    friend class ConnectionLimits;
    Lease(std::shared_ptr<ConnectionLimits> owner, std::string key)
        : owner_(std::move(owner)), key_(std::move(key)) {}
    std::shared_ptr<ConnectionLimits> owner_;
    std::string key_;
  };

  // A slot for `address`, or nullopt when its cap or the total is reached.
  // The empty address (trusted proxies, carrying everyone) meets the total only.
  std::optional<Lease> TryAcquire(const std::string& address);
  int count(const std::string& address) const;
  int total() const;

 private:
  explicit ConnectionLimits(Caps caps) : caps_(caps) {}
  void Give(const std::string& address);

  const Caps caps_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, int> held_;
  int total_ = 0;
};

}  // namespace atlas::gateway::http

#endif  // ATLAS_GATEWAY_HTTP_CONNECTION_LIMITS_H_
