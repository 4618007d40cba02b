// The inbox in PostgreSQL (schema "notify").
#ifndef ATLAS_NOTIFY_STORE_PG_INBOX_STORE_H_
#define ATLAS_NOTIFY_STORE_PG_INBOX_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "notify/domain/inbox.h"
#include "notify/domain/inbox_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::notify {

// Records the entry and whom it concerns (entry.id is ignored), in the
// consumer's transaction (events/inbox_events.cc); when it concerns someone,
// also an atlas.notify.notification.created event (outbox) so the gateway
// pushes it to their open workspaces. An event recorded twice is recorded
// once. Returns whether it was new.
bool AddEntry(pqxx::work& tx, const InboxEntry& entry);
// Recipients per notification.created event (the gateway takes up to 1 000).
inline constexpr size_t kNotificationRecipients = 1000;

class PgInboxStore final : public InboxStore {
 public:
  explicit PgInboxStore(db::Pool& pool) : pool_(pool) {}
  absl::StatusOr<InboxPage> Entries(int limit, int64_t before, const std::string& subject) override;
  absl::StatusOr<NotificationPage> Notifications(const std::vector<std::string>& recipients,
                                                 const std::string& reader, int limit,
                                                 int64_t before, bool unread_only) override;
  absl::StatusOr<int> UnreadCount(const std::vector<std::string>& recipients,
                                  const std::string& reader) override;
  absl::StatusOr<int> MarkRead(const std::vector<std::string>& recipients,
                               const std::string& reader, const std::vector<std::string>& ids,
                               bool all) override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_STORE_PG_INBOX_STORE_H_
