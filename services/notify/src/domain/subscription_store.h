// Where subscriptions, webhook endpoints and deliveries are kept: the ports
// the domain speaks to (PostgreSQL in store/, memory in tests).
#ifndef ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_STORE_H_
#define ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/paging.h"
#include "notify/domain/subscription.h"

namespace atlas::notify {

struct WebhookEndpoint {
  std::string id;
  std::string organisation;  // id
  std::string owner;         // serviceAccounts/{id} or users/{id}
  std::string url, description;
  std::string secret;           // whsec_…; only filled where the caller may see it
  std::string previous_secret;  // idem, during a rotation
  int64_t previous_expire_us = 0;
  int failures = 0;
  int64_t open_until_us = 0;
  int64_t create_time_us = 0;
};

struct Delivery {
  std::string id;
  std::string subscription_id, channel, event_id, event_type, kind, status, last_error, target;
  int attempts = 0;
  int64_t next_attempt_us = 0, create_time_us = 0, sent_time_us = 0;
};
using DeliveryPage = core::Page<Delivery>;

class SubscriptionStore {
 public:
  virtual ~SubscriptionStore() = default;
  // `owner`'s subscriptions, oldest first.
  virtual absl::StatusOr<std::vector<Subscription>> List(const std::string& owner) = 0;
  // Stores `s` (id, revision 1 and times filled in) and returns it.
  virtual absl::StatusOr<Subscription> Create(Subscription s) = 0;
  // NOT_FOUND if `id` is not one of `owner`'s.
  virtual absl::StatusOr<Subscription> Get(const std::string& owner, const std::string& id) = 0;
  // Replaces the subscription if its revision is still `expected`
  // (ABORTED otherwise); revision + 1.
  virtual absl::StatusOr<Subscription> Update(const Subscription& s, int64_t expected) = 0;
  virtual absl::Status Delete(const std::string& owner, const std::string& id) = 0;
  // Switches off the subscription holding `token`; its kinds. NOT_FOUND if none.
  virtual absl::StatusOr<std::vector<std::string>> Unsubscribe(const std::string& token) = 0;

  virtual absl::StatusOr<WebhookEndpoint> CreateEndpoint(WebhookEndpoint e) = 0;
  // `organisation` "" = every organisation's. Secrets are not filled in.
  virtual absl::StatusOr<std::vector<WebhookEndpoint>> Endpoints(
      const std::string& organisation) = 0;
  virtual absl::StatusOr<WebhookEndpoint> Endpoint(const std::string& id) = 0;
  // A new secret; the previous one signs too until `previous_expire_us`.
  virtual absl::StatusOr<WebhookEndpoint> RotateSecret(const std::string& id,
                                                       const std::string& secret,
                                                       int64_t previous_expire_us) = 0;
  virtual absl::Status DeleteEndpoint(const std::string& id) = 0;

  // Deliveries (e-mail and webhook), newest first; `organisation` "" = all,
  // else those to that organisation's endpoints.
  virtual absl::StatusOr<DeliveryPage> Deliveries(const std::string& organisation,
                                                  const std::vector<std::string>& statuses,
                                                  int limit, int64_t before) = 0;
  // Sets a failed or dead delivery pending again, now, with its attempts
  // reset; NOT_FOUND if not one `organisation` may see, FAILED_PRECONDITION
  // if it is not failed or dead.
  virtual absl::StatusOr<Delivery> Retry(const std::string& organisation,
                                         const std::string& id) = 0;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_SUBSCRIPTION_STORE_H_
