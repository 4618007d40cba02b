// Scheduled rules: timers kept in PostgreSQL (table timers), so they survive
// restarts and each firing happens once across replicas — a replica takes it
// by moving the timer's due time forward in the transaction that applies it.
#ifndef ATLAS_NOTIFY_EVENTS_SCHEDULED_RULES_H_
#define ATLAS_NOTIFY_EVENTS_SCHEDULED_RULES_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "notify/domain/schedule.h"

namespace atlas::db {
class Pool;
}

namespace atlas::notify {

// Runs the stale-project rule if its timer is due (then due again `every`
// later): every project not archived whose data has not changed for
// `months` months becomes a project.stale notification — once per
// stretch of silence (its id names the last update) — for its
// organisation and the subscriptions it matches. How many were raised; 0
// when the timer was not due or another replica took it.
absl::StatusOr<int> RunStaleProjects(db::Pool& pool, int months, absl::Duration every);

// Announces each budget deadline due today (`deadline` kind, for the
// ministry's staff: analysts by default, and every subscription to it), once
// per deadline (its id names the day and label). How many were new.
absl::StatusOr<int> RunDeadlines(db::Pool& pool, const std::vector<Deadline>& deadlines,
                                 int notice_days);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_EVENTS_SCHEDULED_RULES_H_
