// In-memory SubscriptionStore for unit tests: the same ownership, revision
// and unsubscribe rules as the SQL. Deliveries are not kept. Not thread-safe.
#ifndef ATLAS_NOTIFY_DOMAIN_MEMORY_SUBSCRIPTION_STORE_H_
#define ATLAS_NOTIFY_DOMAIN_MEMORY_SUBSCRIPTION_STORE_H_

#include <map>
#include <string>
#include <vector>

#include "notify/domain/subscription_store.h"

namespace atlas::notify {

class MemorySubscriptionStore final : public SubscriptionStore {
 public:
  absl::StatusOr<std::vector<Subscription>> List(const std::string& owner) override {
    std::vector<Subscription> out;
    for (const auto& id : order_) {
      if (subs_[id].owner.subject == owner) out.push_back(subs_[id]);
    }
    return out;
  }
  absl::StatusOr<Subscription> Create(Subscription s) override {
    s.id = Id(++next_);
    s.revision = 1;
    order_.push_back(s.id);
    subs_[s.id] = s;
    return s;
  }
  absl::StatusOr<Subscription> Get(const std::string& owner, const std::string& id) override {
    auto it = subs_.find(id);
    if (it == subs_.end() || it->second.owner.subject != owner) return absl::NotFoundError(id);
    return it->second;
  }
  absl::StatusOr<Subscription> Update(const Subscription& s, int64_t expected) override {
    auto it = subs_.find(s.id);
    if (it == subs_.end() || it->second.owner.subject != s.owner.subject) {
      return absl::NotFoundError(s.id);
    }
    if (it->second.revision != expected) return absl::AbortedError("changed since read");
    Subscription next = s;
    next.revision = expected + 1;
    it->second = next;
    return next;
  }
  absl::Status Delete(const std::string& owner, const std::string& id) override {
    auto it = subs_.find(id);
    if (it == subs_.end() || it->second.owner.subject != owner) return absl::NotFoundError(id);
    subs_.erase(it);
    order_.erase(std::find(order_.begin(), order_.end(), id));
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<std::string>> Unsubscribe(const std::string& token) override {
    for (auto& [id, s] : subs_) {
      if (s.unsubscribe_token == token) {
        s.active = false;
        return s.kinds;
      }
    }
    return absl::NotFoundError("token");
  }
  absl::StatusOr<WebhookEndpoint> CreateEndpoint(WebhookEndpoint e) override {
    e.id = Id(++next_);
    endpoints_[e.id] = e;
    return e;
  }
  absl::StatusOr<std::vector<WebhookEndpoint>> Endpoints(const std::string& organisation) override {
    std::vector<WebhookEndpoint> out;
    for (auto [id, e] : endpoints_) {
      if (!organisation.empty() && e.organisation != organisation) continue;
      e.secret.clear();
      e.previous_secret.clear();
      out.push_back(e);
    }
    return out;
  }
  absl::StatusOr<WebhookEndpoint> Endpoint(const std::string& id) override {
    auto it = endpoints_.find(id);
    if (it == endpoints_.end()) return absl::NotFoundError(id);
    return it->second;
  }
  absl::StatusOr<WebhookEndpoint> RotateSecret(const std::string& id, const std::string& secret,
                                               int64_t previous_expire_us) override {
    auto it = endpoints_.find(id);
    if (it == endpoints_.end()) return absl::NotFoundError(id);
    it->second.previous_secret = it->second.secret;
    it->second.secret = secret;
    it->second.previous_expire_us = previous_expire_us;
    return it->second;
  }
  absl::Status DeleteEndpoint(const std::string& id) override {
    return endpoints_.erase(id) ? absl::OkStatus() : absl::NotFoundError(id);
  }
  absl::StatusOr<DeliveryPage> Deliveries(const std::string&, const std::vector<std::string>&, int,
                                          int64_t) override {
    return DeliveryPage{};
  }
  absl::StatusOr<Delivery> Retry(const std::string&, const std::string& id) override {
    return absl::NotFoundError(id);
  }

 private:
  static std::string Id(int n) {
    std::string digits = std::to_string(n);
    return "00000000-0000-4000-8000-" + std::string(12 - digits.size(), '0') + digits;
  }
  int next_ = 100;
  std::vector<std::string> order_;
  std::map<std::string, Subscription> subs_;
  std::map<std::string, WebhookEndpoint> endpoints_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_MEMORY_SUBSCRIPTION_STORE_H_
