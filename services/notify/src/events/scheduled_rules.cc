// The stale-project rule.
#include "notify/events/scheduled_rules.h"

#include "absl/time/clock.h"
#include "atlas/db/pool.h"
#include "notify/domain/message.h"
#include "notify/events/inbox_events.h"

namespace atlas::notify {
namespace {

// Whether the rule's event `f` has its inbox entry already.
bool Announced(pqxx::work& tx, const EventFacts& f) {
  return !tx.exec_params("SELECT 1 FROM inbox_entries WHERE event_source = $1 AND event_id = $2",
                         f.event_source, f.event_id)
              .empty();
}

}  // namespace

absl::StatusOr<int> RunStaleProjects(db::Pool& pool, int months, absl::Duration every) {
  int raised = 0;
  absl::Status s = pool.Transact([&](pqxx::work& tx) -> absl::Status {
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
      InboxEntry entry{.label = f.label, .audience = f.organisation};
      if (!f.organisation.empty()) entry.recipients.push_back("org:" + f.organisation);
      // Announced already (an earlier firing, here or on another replica):
      // nothing to match or write again.
      if (Announced(tx, f)) continue;
      absl::Status recorded = RecordFacts(tx, std::move(entry), f, /*feed=*/true);
      if (!recorded.ok()) return recorded;
      ++raised;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return raised;
}

absl::StatusOr<int> RunDeadlines(db::Pool& pool, const std::vector<Deadline>& deadlines,
                                 int notice_days) {
  absl::TimeZone casablanca;
  if (!absl::LoadTimeZone("Africa/Casablanca", &casablanca)) casablanca = absl::UTCTimeZone();
  const std::vector<Deadline> due =
      DeadlinesDue(deadlines, absl::ToCivilDay(absl::Now(), casablanca), notice_days);
  int raised = 0;
  for (const Deadline& d : due) {
    EventFacts f;
    f.kind = "deadline";
    f.event_type = "ma.sharaka.atlas.deadline.v1";
    f.event_source = "/atlas/notify";
    f.event_id = "deadline:" + absl::FormatCivilTime(d.day) + ":" + d.label;
    f.subject = "deadlines/" + absl::FormatCivilTime(d.day);
    f.label = d.label;
    f.detail = absl::FormatCivilTime(d.day);
    f.visibility = Visibility::kStaff;
    f.time_us = absl::ToUnixMicros(absl::Now());
    absl::Status s = pool.Transact([&](pqxx::work& tx) -> absl::Status {
      if (Announced(tx, f)) return absl::OkStatus();  // here or by another replica
      ++raised;
      return RecordFacts(tx, InboxEntry{.label = d.label, .recipients = {"role:analyst"}}, f,
                         /*feed=*/true);
    });
    if (!s.ok()) return s;
  }
  return raised;
}

}  // namespace atlas::notify
