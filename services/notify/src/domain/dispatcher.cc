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
    case Outcome::kUnsent:
      return "unsent";
    case Outcome::kSent:
      break;
  }
  return "sent";
}

absl::StatusOr<int> Dispatcher::RunOnce(int batch) {
  const absl::Time last_start = clock_() + kLease - per_send_ - absl::Seconds(5);
  auto claimed = queue_.Claim(batch, kLease);
  if (!claimed.ok()) return claimed.status();
  std::vector<DeliveryQueue::Recorded> outcomes;
  outcomes.reserve(claimed->size());
  for (const Outgoing& out : *claimed) {
    if (clock_() > last_start) {  // no time left in the lease: hand it back
      outcomes.push_back({&out, {Outcome::kUnsent, ""}, std::nullopt});
      continue;
    }
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
    if (observe_ && r.result.outcome != Outcome::kUnsent)
      observe_(r.out->channel, r.result.outcome);
  }
  return static_cast<int>(claimed->size());
}

}  // namespace atlas::notify
