// The notify service's logic without transport or SQL: the platform feed,
// each reader's notifications and reads. Thread-safe if the store is.
#ifndef ATLAS_NOTIFY_DOMAIN_INBOX_SERVICE_H_
#define ATLAS_NOTIFY_DOMAIN_INBOX_SERVICE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "notify/domain/inbox.h"
#include "notify/domain/inbox_store.h"

namespace atlas::notify {

struct ReaderPage {
  NotificationPage page;
  int unread = 0;
};

class InboxService final {
 public:
  explicit InboxService(InboxStore& store) : store_(store) {}

  // The platform feed (validators, analysts, administrators); INVALID_ARGUMENT
  // for a bad page size or token.
  absl::StatusOr<InboxPage> Feed(int page_size, std::string_view page_token,
                                 const std::string& subject);
  // `reader`'s notifications and unread count.
  absl::StatusOr<ReaderPage> Notifications(const Reader& reader, int page_size,
                                           std::string_view page_token, bool unread_only);
  // Marks `names` (notifications/{uuid}, at most kMaxPageSize) or all read;
  // the unread count after. INVALID_ARGUMENT naming a bad name.
  absl::StatusOr<int> MarkRead(const Reader& reader, const std::vector<std::string>& names,
                               bool all);

 private:
  InboxStore& store_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_INBOX_SERVICE_H_
