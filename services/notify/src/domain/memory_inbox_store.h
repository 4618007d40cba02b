// In-memory InboxStore for unit tests, with the same visibility rules as the
// SQL (recipients, audience). Not thread-safe.
#ifndef ATLAS_NOTIFY_DOMAIN_MEMORY_INBOX_STORE_H_
#define ATLAS_NOTIFY_DOMAIN_MEMORY_INBOX_STORE_H_

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "notify/domain/inbox_store.h"

namespace atlas::notify {

class MemoryInboxStore final : public InboxStore {
 public:
  void Add(InboxEntry e) { rows_.push_back(std::move(e)); }

  absl::StatusOr<InboxPage> Entries(int limit, int64_t before,
                                    const std::string& subject) override {
    std::vector<InboxEntry> all;
    for (auto it = rows_.rbegin(); it != rows_.rend(); ++it) {
      if (subject.empty() || it->subject == subject) all.push_back(*it);
    }
    return core::PageOf(all, limit, before);
  }
  absl::StatusOr<NotificationPage> Notifications(const std::vector<std::string>& recipients,
                                                 const std::string& reader, int limit,
                                                 int64_t before, bool unread_only) override {
    std::vector<Notification> mine;
    for (auto it = rows_.rbegin(); it != rows_.rend(); ++it) {
      if (!Sees(recipients, *it)) continue;
      const bool read = reads_.count({reader, it->id}) > 0;
      if (unread_only && read) continue;
      mine.push_back({*it, read});
    }
    return core::PageOf(mine, limit, before);
  }
  absl::StatusOr<int> UnreadCount(const std::vector<std::string>& recipients,
                                  const std::string& reader) override {
    int n = 0;
    for (const auto& e : rows_) n += Sees(recipients, e) && reads_.count({reader, e.id}) == 0;
    return n;
  }
  absl::StatusOr<int> MarkRead(const std::vector<std::string>& recipients,
                               const std::string& reader, const std::vector<std::string>& ids,
                               bool all) override {
    for (const auto& e : rows_) {
      if (Sees(recipients, e) && (all || std::find(ids.begin(), ids.end(), e.id) != ids.end())) {
        reads_.insert({reader, e.id});
      }
    }
    return UnreadCount(recipients, reader);
  }

 private:
  static bool Has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }
  static bool Sees(const std::vector<std::string>& who, const InboxEntry& e) {
    const bool addressed = std::any_of(e.recipients.begin(), e.recipients.end(),
                                       [&](const std::string& r) { return Has(who, r); });
    const bool allowed = e.audience.empty() || Has(who, "org:" + e.audience) ||
                         Has(who, "role:validator") || Has(who, "role:analyst") ||
                         Has(who, "role:admin");
    return addressed && allowed;
  }
  std::vector<InboxEntry> rows_;
  std::set<std::pair<std::string, std::string>> reads_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_MEMORY_INBOX_STORE_H_
