// Where the inbox is kept: the port the domain speaks to (PostgreSQL in
// store/, memory in tests). Positions are keyset positions, newest first.
#ifndef ATLAS_NOTIFY_DOMAIN_INBOX_STORE_H_
#define ATLAS_NOTIFY_DOMAIN_INBOX_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "notify/domain/inbox.h"

namespace atlas::notify {

class InboxStore {
 public:
  virtual ~InboxStore() = default;
  // Every entry (the platform feed), newest first; `before` 0 = from the
  // newest; `subject` empty = all.
  virtual absl::StatusOr<InboxPage> Entries(int limit, int64_t before,
                                            const std::string& subject) = 0;
  // The entries concerning any of `recipients` that their audience lets
  // them see, newest first, with whether `reader` read each.
  virtual absl::StatusOr<NotificationPage> Notifications(const std::vector<std::string>& recipients,
                                                         const std::string& reader, int limit,
                                                         int64_t before, bool unread_only) = 0;
  virtual absl::StatusOr<int> UnreadCount(const std::vector<std::string>& recipients,
                                          const std::string& reader) = 0;
  // Marks `ids` (or all) read for `reader` among those it may see; the
  // unread count after.
  virtual absl::StatusOr<int> MarkRead(const std::vector<std::string>& recipients,
                                       const std::string& reader,
                                       const std::vector<std::string>& ids, bool all) = 0;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_INBOX_STORE_H_
