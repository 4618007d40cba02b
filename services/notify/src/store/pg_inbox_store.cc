// Inbox queries.
#include "store/pg_inbox_store.h"

#include "atlas/db/page.h"
#include "atlas/db/pool.h"

namespace atlas::notify {
namespace {

constexpr char kInsert[] = R"sql(
INSERT INTO inbox_entries (event_id, event_source, event_type, subject, summary)
VALUES ($1, $2, $3, $4, $5))sql";

constexpr char kList[] = R"sql(
SELECT seq, id::text, event_id, event_source, event_type, subject, summary,
       (extract(epoch FROM create_time) * 1000000)::bigint
FROM inbox_entries
WHERE ($1 = 0 OR seq < $1) AND ($2 = '' OR subject = $2)
ORDER BY seq DESC LIMIT $3)sql";

}  // namespace

void AddEntry(pqxx::work& tx, const InboxEntry& e) {
  tx.exec_params0(kInsert, e.event_id, e.event_source, e.event_type, e.subject, e.summary);
}

absl::StatusOr<InboxPage> ListEntries(db::Pool& pool, int limit, int64_t before_seq,
                                      const std::string& subject) {
  InboxPage page;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
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

}  // namespace atlas::notify
