// The inbox in PostgreSQL (schema "notify").
#ifndef ATLAS_NOTIFY_STORE_PG_INBOX_STORE_H_
#define ATLAS_NOTIFY_STORE_PG_INBOX_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "atlas/core/paging.h"

namespace atlas::db {
class Pool;
}

namespace atlas::notify {

struct InboxEntry {
  std::string id;
  std::string event_id, event_source, event_type, subject, summary;
  int64_t create_time_us = 0;
  std::string label = {};                    // project title or comment excerpt
  std::vector<std::string> recipients = {};  // user:<name>, org:<id>, role:<role>
  // An organisation id: only its people and the ministry's staff (validators,
  // analysts, admins) are shown the entry, whoever it names; "" = its
  // recipients. A mention in a project's dialogue is for the dialogue's own.
  std::string audience = {};
};

// An entry as one reader sees it.
struct Notification {
  InboxEntry entry;
  bool read = false;
};
using NotificationPage = core::Page<Notification>;

using InboxPage = core::Page<InboxEntry>;

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// Records the entry and whom it concerns (entry.id is ignored).
void AddEntry(pqxx::work& tx, const InboxEntry& entry);

// The entries concerning any of `recipients`, newest first, with whether
// `reader` (users/{id}) has read each; `unread_only` hides the read ones.
absl::StatusOr<NotificationPage> ListNotifications(db::Pool& pool,
                                                   const std::vector<std::string>& recipients,
                                                   const std::string& reader, int limit,
                                                   int64_t before_seq, bool unread_only);

// How many entries concerning `recipients` `reader` has not read.
absl::StatusOr<int> UnreadCount(db::Pool& pool, const std::vector<std::string>& recipients,
                                const std::string& reader);

// Marks read, for `reader`, the entries `ids` (or all when `all`) among those
// concerning `recipients`; others are ignored. Returns the unread count after.
absl::StatusOr<int> MarkRead(db::Pool& pool, const std::vector<std::string>& recipients,
                             const std::string& reader, const std::vector<std::string>& ids,
                             bool all);

// Newest first; `before_seq` 0 starts at the newest; `subject` empty = all.
absl::StatusOr<InboxPage> ListEntries(db::Pool& pool, int limit, int64_t before_seq,
                                      const std::string& subject);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_STORE_PG_INBOX_STORE_H_
