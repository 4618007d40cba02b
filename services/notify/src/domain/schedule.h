// When a delivery goes out: digests at a local hour, quiet hours respected,
// retries spread over about a day. Pure functions of an injected "now".
#ifndef ATLAS_NOTIFY_DOMAIN_SCHEDULE_H_
#define ATLAS_NOTIFY_DOMAIN_SCHEDULE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

#include "absl/time/time.h"
#include "notify/domain/subscription.h"

namespace atlas::notify {

// The first instant strictly after `now` at `s.digest_hour`:00 local time
// (and, weekly, on `s.digest_weekday`), in `s.time_zone`.
absl::Time NextDigest(const Subscription& s, absl::Time now);

// `t` itself, or — when it falls in the subscription's quiet hours — the end
// of those quiet hours (local time).
absl::Time AfterQuietHours(const Subscription& s, absl::Time t);

// When a delivery created at `now` is first due: immediate ones now (or when
// the quiet hours end); digests at the next digest time (idem).
absl::Time FirstDue(const Subscription& s, absl::Time now);

// The retry policy of e-mail and webhook deliveries (Standard Webhooks'
// schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — about 27 h in all),
// each delay multiplied by `scale` (tests shrink it) and by a jitter factor
// in [0.8, 1.2] from `unit` in [0, 1). nullopt when `attempts` (made so far)
// have used the schedule up: the delivery is dead.
struct RetryPolicy {
  double scale = 1.0;
  int max_attempts = 8;  // the first try and seven retries
};
std::optional<absl::Duration> RetryDelay(const RetryPolicy& policy, int attempts, double unit);

// The circuit breaker of a webhook endpoint: after `failures` consecutive
// failures (>= kOpenAfter) it stays open for a while (scaled like retries).
inline constexpr int kOpenAfter = 5;
absl::Duration OpenFor(const RetryPolicy& policy);

// A deadline of the budget calendar (PdP with the finance bill, RdP with the
// settlement law…), announced to the ministry's staff `notice_days` before.
struct Deadline {
  absl::CivilDay day;
  std::string label;  // e.g. "RdP 2026"
};
// "2027-03-31 RdP 2026; 2026-10-20 PdP 2027" (ATLAS_NOTIFY_DEADLINES);
// INVALID_ARGUMENT naming the part that is not "YYYY-MM-DD label".
absl::StatusOr<std::vector<Deadline>> ParseDeadlines(const std::string& spec);
// The deadlines to announce on `today`: from `notice_days` before up to the day.
std::vector<Deadline> DeadlinesDue(const std::vector<Deadline>& all, absl::CivilDay today,
                                   int notice_days);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_SCHEDULE_H_
