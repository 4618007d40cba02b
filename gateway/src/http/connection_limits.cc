// Per-address caps.
#include "gateway/http/connection_limits.h"

namespace atlas::gateway::http {

std::shared_ptr<ConnectionLimits> ConnectionLimits::Create(Caps caps) {
  return std::shared_ptr<ConnectionLimits>(new ConnectionLimits(caps));
}

ConnectionLimits::Lease& ConnectionLimits::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::move(other.owner_);
    key_ = std::move(other.key_);
  }
  return *this;
}

void ConnectionLimits::Lease::Release() {
  if (owner_) owner_->Give(key_);
  owner_.reset();
}

std::optional<ConnectionLimits::Lease> ConnectionLimits::TryAcquire(const std::string& address) {
  std::lock_guard lock(mu_);
  if (caps_.total > 0 && total_ >= caps_.total) return std::nullopt;
  int& n = held_[address];
  if (caps_.per_address > 0 && !address.empty() && n >= caps_.per_address) {
    if (n == 0) held_.erase(address);
    return std::nullopt;
  }
  ++n;
  ++total_;
  return Lease(shared_from_this(), address);
}

void ConnectionLimits::Give(const std::string& address) {
  std::lock_guard lock(mu_);
  --total_;
  auto it = held_.find(address);
  if (it != held_.end() && --it->second <= 0) held_.erase(it);
}

int ConnectionLimits::count(const std::string& address) const {
  std::lock_guard lock(mu_);
  auto it = held_.find(address);
  return it == held_.end() ? 0 : it->second;
}

int ConnectionLimits::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

}  // namespace atlas::gateway::http
