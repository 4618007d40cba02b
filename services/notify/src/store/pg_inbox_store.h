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
};

using InboxPage = core::Page<InboxEntry>;

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

void AddEntry(pqxx::work& tx, const InboxEntry& entry);

// Newest first; `before_seq` 0 starts at the newest; `subject` empty = all.
absl::StatusOr<InboxPage> ListEntries(db::Pool& pool, int limit, int64_t before_seq,
                                      const std::string& subject);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_STORE_PG_INBOX_STORE_H_
