// Sends what is due: claims deliveries (a lease, so a replica that dies
// mid-send leaves them to another after it expires), hands each to its
// channel's sender, records the outcome — sent, retried later with back-off,
// dead after the schedule, refused — and counts it.
#ifndef ATLAS_NOTIFY_DOMAIN_DISPATCHER_H_
#define ATLAS_NOTIFY_DOMAIN_DISPATCHER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "notify/domain/schedule.h"
#include "notify/domain/subscription.h"

namespace atlas::notify {

// One message to send: one event, or a digest of several.
struct Outgoing {
  std::string id = {};                   // the delivery's id: webhook-id, Message-ID
  std::vector<std::string> covers = {};  // every delivery id it sends (a digest: several)
  Channel channel = Channel::kEmail;
  std::vector<EventFacts> events = {};
  bool digest = false;
  std::string language = "fr";
  std::string target = {};                // e-mail address or URL
  std::string unsubscribe_token = {};     // e-mail
  std::string endpoint_id = {};           // webhook
  std::vector<std::string> secrets = {};  // webhook: current, then previous during a rotation
  int attempts = 0;                       // including this one
};

// kUnsent: claimed but not tried (the batch ran out of lease time): handed
// back untouched, not counted as an attempt.
enum class Outcome { kSent, kTransient, kPermanent, kRefused, kUnsent };
const char* OutcomeName(Outcome o);

struct SendResult {
  Outcome outcome = Outcome::kSent;
  std::string error;  // why not, for the admins' list
};

class Sender {
 public:
  virtual ~Sender() = default;
  virtual SendResult Send(const Outgoing& out) = 0;
};

class DeliveryQueue {
 public:
  virtual ~DeliveryQueue() = default;
  // Up to `limit` due deliveries (digests grouped per subscription), leased
  // until now + `lease`, attempts counted.
  virtual absl::StatusOr<std::vector<Outgoing>> Claim(int limit, absl::Duration lease) = 0;
  // What happened to one claimed delivery: `retry_at` set = failed, to try
  // again then.
  struct Recorded {
    const Outgoing* out;
    SendResult result;
    std::optional<absl::Time> retry_at;
  };
  // Records a batch's outcomes in one transaction; a webhook endpoint's
  // circuit opens for `open_for` after kOpenAfter consecutive failures.
  virtual absl::Status Record(const std::vector<Recorded>& batch, absl::Duration open_for) = 0;
};

class Dispatcher final {
 public:
  using Observer = std::function<void(Channel, Outcome)>;
  // `per_send`: the longest one send may take (its timeout). A batch is
  // leased for kLease (a sender that dies frees its rows within a minute);
  // it sends only while one more send still ends inside the lease, and hands
  // the rest back unsent, so no other sender takes rows still going out.
  static constexpr absl::Duration kLease = absl::Seconds(60);
  Dispatcher(DeliveryQueue& queue, Sender& mail, Sender& webhook, RetryPolicy policy,
             std::function<absl::Time()> clock, std::function<double()> jitter, Observer observe,
             absl::Duration per_send = absl::Seconds(15))
      : per_send_(per_send),
        queue_(queue),
        mail_(mail),
        webhook_(webhook),
        policy_(policy),
        clock_(std::move(clock)),
        jitter_(std::move(jitter)),
        observe_(std::move(observe)) {}

  // Claims up to `batch` due deliveries and sends them; how many were handled.
  absl::StatusOr<int> RunOnce(int batch);

 private:
  const absl::Duration per_send_;
  DeliveryQueue& queue_;
  Sender& mail_;
  Sender& webhook_;
  const RetryPolicy policy_;
  std::function<absl::Time()> clock_;
  std::function<double()> jitter_;
  Observer observe_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_DISPATCHER_H_
