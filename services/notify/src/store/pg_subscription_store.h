// Subscriptions, webhook endpoints and deliveries in PostgreSQL (schema
// "notify"); the fan-out that turns an event into deliveries, in the
// consumer's transaction; the senders' queue.
#ifndef ATLAS_NOTIFY_STORE_PG_SUBSCRIPTION_STORE_H_
#define ATLAS_NOTIFY_STORE_PG_SUBSCRIPTION_STORE_H_

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"
#include "notify/domain/dispatcher.h"
#include "notify/domain/subscription_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::notify {

// What one event means for the subscriptions: in-app recipients to add to
// its inbox entry, and how many e-mail and webhook deliveries were queued.
struct FanOutResult {
  std::vector<std::string> in_app;  // user:<handle>
  int queued = 0;
};

// Matches `facts` against every active subscription to its kind and writes
// one delivery per (event, subscription, channel) — ON CONFLICT DO NOTHING,
// so an event applied twice delivers once. In-app deliveries are written
// as sent (the entry is the delivery); e-mail ones due at their first time
// (digest, quiet hours); webhook ones now. Inside the consumer's `tx`.
FanOutResult FanOut(pqxx::work& tx, const EventFacts& facts, absl::Time now);

// Queue depth for the metrics: deliveries waiting (pending or failed), the
// age of the oldest due one, dead letters.
struct QueueStats {
  int64_t waiting = 0, dead = 0;
  double oldest_due_s = 0;
};

class PgSubscriptionStore final : public SubscriptionStore, public DeliveryQueue {
 public:
  explicit PgSubscriptionStore(db::Pool& pool) : pool_(pool) {}

  absl::StatusOr<std::vector<Subscription>> List(const std::string& owner) override;
  absl::StatusOr<Subscription> Create(Subscription s) override;
  absl::StatusOr<Subscription> Get(const std::string& owner, const std::string& id) override;
  absl::StatusOr<Subscription> Update(const Subscription& s, int64_t expected) override;
  absl::Status Delete(const std::string& owner, const std::string& id) override;
  absl::StatusOr<std::vector<std::string>> Unsubscribe(const std::string& token) override;

  absl::StatusOr<WebhookEndpoint> CreateEndpoint(WebhookEndpoint e) override;
  absl::StatusOr<std::vector<WebhookEndpoint>> Endpoints(const std::string& organisation) override;
  absl::StatusOr<WebhookEndpoint> Endpoint(const std::string& id) override;
  absl::StatusOr<WebhookEndpoint> RotateSecret(const std::string& id, const std::string& secret,
                                               int64_t previous_expire_us) override;
  absl::Status DeleteEndpoint(const std::string& id) override;

  absl::StatusOr<DeliveryPage> Deliveries(const std::string& organisation,
                                          const std::vector<std::string>& statuses, int limit,
                                          int64_t before) override;
  absl::StatusOr<Delivery> Retry(const std::string& organisation, const std::string& id) override;

  absl::StatusOr<std::vector<Outgoing>> Claim(int limit, absl::Duration lease) override;
  absl::Status Record(const std::vector<Recorded>& batch, absl::Duration open_for) override;

  absl::StatusOr<QueueStats> Stats();

 private:
  db::Pool& pool_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_STORE_PG_SUBSCRIPTION_STORE_H_
