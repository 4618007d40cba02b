// Claim, send, record.
#include "notify/domain/dispatcher.h"

namespace atlas::notify {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kTransient:
      return "failed";
    case Outcome::kPermanent:
      return "dead";
    case Outcome::kRefused:
      return "refused";
    case Outcome::kSent:
      break;
  }
  return "sent";
}

absl::StatusOr<int> Dispatcher::RunOnce(int batch) {
  auto claimed = queue_.Claim(batch, per_send_ * batch + absl::Seconds(30));
  if (!claimed.ok()) return claimed.status();
  std::vector<DeliveryQueue::Recorded> outcomes;
  outcomes.reserve(claimed->size());
  for (const Outgoing& out : *claimed) {
    SendResult result = out.channel == Channel::kWebhook ? webhook_.Send(out) : mail_.Send(out);
    std::optional<absl::Time> retry_at;
    if (result.outcome == Outcome::kTransient) {
      if (auto delay = RetryDelay(policy_, out.attempts, jitter_())) {
        retry_at = clock_() + *delay;
      } else {
        result.outcome = Outcome::kPermanent;  // the schedule is used up: dead
        result.error =
            "gave up after " + std::to_string(out.attempts) + " attempts: " + result.error;
      }
    }
    outcomes.push_back({&out, std::move(result), retry_at});
  }
  // One transaction for the batch. Should it fail (or the process die
  // before), the leases expire and the batch is sent again under the same
  // ids: receivers dedupe on webhook-id / Message-ID.
  if (absl::Status s = queue_.Record(outcomes, OpenFor(policy_)); !s.ok()) return s;
  for (const auto& r : outcomes) {
    if (observe_) observe_(r.out->channel, r.result.outcome);
  }
  return static_cast<int>(claimed->size());
}

}  // namespace atlas::notify
