// The notify service's subscriptions, webhook endpoints and deliveries
// without transport or SQL. Thread-safe if the store and `guard` are.
#ifndef ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_SERVICE_H_
#define ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_SERVICE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "notify/domain/subscription_store.h"

namespace atlas::notify {

// Checks a webhook URL before it is stored (and send/ again before every
// request): scheme, address after DNS resolution. Refused: INVALID_ARGUMENT
// naming `endpoint.url` with the reason in the three languages.
class UrlGuard {
 public:
  virtual ~UrlGuard() = default;
  virtual absl::Status Check(const std::string& url) const = 0;
};

struct SecretSource {
  std::function<std::string()> token;           // 128 random bits, URL-safe
  std::function<std::string()> webhook_secret;  // whsec_<base64 of 24 random bytes>
};

class SubscriptionService final {
 public:
  SubscriptionService(SubscriptionStore& store, const UrlGuard& guard, SecretSource secrets)
      : store_(store), guard_(guard), secrets_(std::move(secrets)) {}

  // `owner`'s subscriptions; their role's defaults created (first in the
  // list) on the first call that finds none.
  absl::StatusOr<std::vector<Subscription>> List(const Reader& owner);
  absl::StatusOr<Subscription> Create(const Reader& owner, Subscription s);
  // `s.id` and `etag` ("r<revision>") name what the caller read.
  absl::StatusOr<Subscription> Update(const Reader& owner, Subscription s, const std::string& etag);
  // A role default is switched off rather than deleted (it would come back).
  absl::Status Delete(const Reader& owner, const std::string& id);
  absl::StatusOr<std::vector<std::string>> Unsubscribe(const std::string& token);

  absl::StatusOr<WebhookEndpoint> CreateEndpoint(const Reader& owner, WebhookEndpoint e);
  absl::StatusOr<std::vector<WebhookEndpoint>> Endpoints(const Reader& caller);
  absl::StatusOr<WebhookEndpoint> RotateSecret(const Reader& caller, const std::string& id,
                                               int overlap_hours, int64_t now_us);
  absl::Status DeleteEndpoint(const Reader& caller, const std::string& id);

  absl::StatusOr<DeliveryPage> Deliveries(const Reader& caller, int page_size,
                                          std::string_view page_token,
                                          const std::vector<std::string>& statuses);
  absl::StatusOr<Delivery> Retry(const Reader& caller, const std::string& id);

 private:
  // The endpoint `id` if `caller` may manage it (its organisation's, or any
  // for an administrator); NOT_FOUND otherwise.
  absl::StatusOr<WebhookEndpoint> OwnEndpoint(const Reader& caller, const std::string& id);

  SubscriptionStore& store_;
  const UrlGuard& guard_;
  SecretSource secrets_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_SERVICE_H_
