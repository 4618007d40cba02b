// Inbox queries.
#include "notify/store/pg_inbox_store.h"

#include <nlohmann/json.hpp>

#include "atlas/bus/outbox.h"
#include "atlas/core/json.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"
#include "atlas/notify/events/v1/notification_events.pb.h"

namespace atlas::notify {
namespace {

// The entry and its recipients in one statement.
constexpr char kInsert[] = R"sql(
WITH e AS (
  INSERT INTO inbox_entries (event_id, event_source, event_type, subject, summary, label, audience,
                             kind)
  VALUES ($1, $2, $3, $4, $5, $6, $8, $9) ON CONFLICT (event_source, event_id) DO NOTHING
  RETURNING id, create_time),
r AS (INSERT INTO inbox_recipients (recipient, entry_id)
  SELECT DISTINCT r, e.id FROM e, jsonb_array_elements_text($7::jsonb) AS r)
SELECT id::text, (extract(epoch FROM create_time) * 1000000)::bigint FROM e)sql";

// Entries concerning the reader ($1: JSON array of recipients, $2: reader)
// that the reader may see (its audience: see InboxEntry).
constexpr char kMine[] = R"sql(
  e.id IN (SELECT entry_id FROM inbox_recipients
           WHERE recipient IN (SELECT jsonb_array_elements_text($1::jsonb)))
  AND (e.audience = '' OR $1::jsonb ? ('org:' || e.audience)
       OR $1::jsonb ?| array['role:validator', 'role:analyst', 'role:admin'])
  -- A role default the reader switched off mutes its kinds, unless the
  -- entry names the reader in person (one of their own subscriptions).
  AND NOT (e.kind <> '' AND e.kind IN (
        SELECT k FROM subscriptions s, unnest(s.kinds) AS k
        WHERE s.owner = $2 AND s.channel = 'in_app' AND s.default_for_role AND NOT s.active)
      AND NOT EXISTS (SELECT 1 FROM inbox_recipients u WHERE u.entry_id = e.id
                      AND u.recipient LIKE 'user:%' AND $1::jsonb ? u.recipient)))sql";

// The statements built once, on first use.
const std::string& ListMineSql() {
  static const std::string sql = std::string(R"sql(
SELECT e.seq, e.id::text, e.event_id, e.event_source, e.event_type, e.subject, e.summary,
       (extract(epoch FROM e.create_time) * 1000000)::bigint, e.label, r.entry_id IS NOT NULL
FROM inbox_entries e
LEFT JOIN inbox_reads r ON r.entry_id = e.id AND r.reader = $2
WHERE)sql") + kMine + R"sql(
  AND ($3 = 0 OR e.seq < $3) AND (NOT $4 OR r.entry_id IS NULL)
ORDER BY e.seq DESC LIMIT $5)sql";
  return sql;
}

const std::string& UnreadSql() {
  static const std::string sql = std::string(R"sql(
SELECT count(*)::int FROM inbox_entries e
WHERE)sql") + kMine + R"sql(
  AND NOT EXISTS (SELECT 1 FROM inbox_reads r WHERE r.entry_id = e.id AND r.reader = $2))sql";
  return sql;
}

const std::string& MarkReadSql() {
  static const std::string sql = std::string(R"sql(
INSERT INTO inbox_reads (reader, entry_id)
SELECT $2, e.id FROM inbox_entries e
WHERE)sql") + kMine + R"sql(
  AND ($3 OR e.id::text IN (SELECT jsonb_array_elements_text($4::jsonb)))
ON CONFLICT DO NOTHING)sql";
  return sql;
}

std::string JsonArray(const std::vector<std::string>& items) {
  return core::DumpJson(nlohmann::json(items));
}

constexpr char kList[] = R"sql(
SELECT seq, id::text, event_id, event_source, event_type, subject, summary,
       (extract(epoch FROM create_time) * 1000000)::bigint
FROM inbox_entries
WHERE ($1 = 0 OR seq < $1) AND ($2 = '' OR subject = $2)
ORDER BY seq DESC LIMIT $3)sql";

}  // namespace

bool AddEntry(pqxx::work& tx, const InboxEntry& e) {
  const pqxx::result r =
      tx.exec_params(kInsert, e.event_id, e.event_source, e.event_type, e.subject, e.summary,
                     e.label, JsonArray(e.recipients), e.audience, e.kind);
  if (r.empty()) return false;
  // One event per kNotificationRecipients recipients: an entry for 10 000
  // subscribers stays far below the bus's largest event.
  for (size_t from = 0; from < e.recipients.size(); from += kNotificationRecipients) {
    events::v1::NotificationCreated n;
    n.set_name("notifications/" + r[0][0].as<std::string>());
    for (size_t i = from; i < std::min(e.recipients.size(), from + kNotificationRecipients); ++i) {
      n.add_recipients(e.recipients[i]);
    }
    n.set_audience(e.audience);
    n.set_kind(e.kind);
    n.set_event_type(e.event_type);
    n.set_subject(e.subject);
    n.set_label(e.label);
    n.set_summary(e.summary);
    n.set_create_time_us(r[0][1].as<int64_t>());
    absl::Status s = bus::AppendToOutbox(
        tx, bus::NewEvent("/atlas/notify", "ma.sharaka.atlas.notification.created.v1", n.name(),
                          "atlas.notify.notification.created", n.SerializeAsString()));
    if (!s.ok()) throw std::runtime_error(std::string(s.message()));
  }
  return true;
}

absl::StatusOr<InboxPage> PgInboxStore::Entries(int limit, int64_t before_seq,
                                                const std::string& subject) {
  InboxPage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<InboxEntry>(
        tx.exec_params(kList, before_seq, subject, limit + 1), limit,
        [](const pqxx::row& r, int64_t* seq) {
          *seq = r[0].as<int64_t>();
          return InboxEntry{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                            r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<std::string>(),
                            r[7].as<int64_t>()};
        });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

absl::StatusOr<NotificationPage> PgInboxStore::Notifications(
    const std::vector<std::string>& recipients, const std::string& reader, int limit,
    int64_t before_seq, bool unread_only) {
  NotificationPage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<Notification>(
        tx.exec_params(ListMineSql(), JsonArray(recipients), reader, before_seq, unread_only,
                       limit + 1),
        limit, [](const pqxx::row& r, int64_t* seq) {
          *seq = r[0].as<int64_t>();
          Notification n;
          n.entry =
              InboxEntry{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                         r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<std::string>(),
                         r[7].as<int64_t>(),     r[8].as<std::string>()};
          n.read = r[9].as<bool>();
          return n;
        });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

absl::StatusOr<int> PgInboxStore::UnreadCount(const std::vector<std::string>& recipients,
                                              const std::string& reader) {
  int count = 0;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    count = tx.exec_params1(UnreadSql(), JsonArray(recipients), reader)[0].as<int>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return count;
}

absl::StatusOr<int> PgInboxStore::MarkRead(const std::vector<std::string>& recipients,
                                           const std::string& reader,
                                           const std::vector<std::string>& ids, bool all) {
  int count = 0;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    tx.exec_params0(MarkReadSql(), JsonArray(recipients), reader, all, JsonArray(ids));
    count = tx.exec_params1(UnreadSql(), JsonArray(recipients), reader)[0].as<int>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return count;
}

}  // namespace atlas::notify
