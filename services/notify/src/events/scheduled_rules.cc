// The stale-project rule.
#include "notify/events/scheduled_rules.h"

#include "absl/time/clock.h"
#include "atlas/db/pool.h"
#include "notify/domain/message.h"
#include "notify/domain/summary.h"
#include "notify/store/pg_inbox_store.h"
#include "notify/store/pg_subscription_store.h"

namespace atlas::notify {

absl::StatusOr<int> RunStaleProjects(db::Pool& pool, int months, absl::Duration every) {
  int raised = 0;
  absl::Status s = pool.Transact([&](pqxx::work& tx) {
    tx.exec0(
        "INSERT INTO timers (name, due_at) VALUES ('stale-projects', now()) "
        "ON CONFLICT DO NOTHING");
    // Taken by this replica, or by none: the row lock makes a second one wait
    // and then find the timer no longer due.
    if (tx.exec_params("UPDATE timers SET due_at = now() + $1 * interval '1 second' "
                       "WHERE name = 'stale-projects' AND due_at <= now() RETURNING 1",
                       absl::ToInt64Seconds(every))
            .empty()) {
      return absl::OkStatus();
    }
    const pqxx::result stale = tx.exec_params(
        "SELECT facts::text, (extract(epoch FROM update_time) * 1000000)::bigint "
        "FROM project_activity WHERE state <> 'archived' "
        "AND update_time < now() - $1 * interval '1 month' ORDER BY update_time LIMIT 1000",
        months);
    for (const auto& r : stale) {
      EventFacts f = FactsFromJson(r[0].as<std::string>());
      f.kind = "project.stale";
      f.event_type = "ma.sharaka.atlas.project.stale.v1";
      f.event_source = "/atlas/notify";
      // Once per stretch of silence: the id names the last update.
      f.event_id = "stale:" + f.subject + ":" + std::to_string(r[1].as<int64_t>());
      f.time_us = absl::ToUnixMicros(absl::Now());
      f.detail = std::to_string(months) + "+ months";
      InboxEntry entry;
      entry.event_id = f.event_id;
      entry.event_source = f.event_source;
      entry.event_type = f.event_type;
      entry.subject = f.subject;
      entry.kind = f.kind;
      entry.label = f.label;
      entry.summary = Summarize(f.event_type, f.subject, f.label);
      if (!f.organisation.empty()) entry.recipients.push_back("org:" + f.organisation);
      entry.audience = f.organisation;
      const FanOutResult fanned = FanOut(tx, f, absl::Now());
      for (const auto& who : fanned.in_app) entry.recipients.push_back(who);
      raised += AddEntry(tx, entry) ? 1 : 0;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return raised;
}

}  // namespace atlas::notify
