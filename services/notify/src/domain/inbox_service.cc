// Inbox queries and reads.
#include "notify/domain/inbox_service.h"

#include "absl/strings/ascii.h"
#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/utf8.h"

namespace atlas::notify {
namespace {

constexpr core::Text kTooManyNames = {"at most {0} names at a time", "au plus {0} noms à la fois",
                                      "{0} اسما على الأكثر في كل مرة"};
constexpr core::Text kNotificationName = {
    "«{0}» is not a notification name (notifications/{uuid})",
    "« {0} » n'est pas un nom de notification (notifications/{uuid})",
    "«{0}» ليس اسم إشعار (notifications/{uuid})"};

}  // namespace

std::vector<std::string> RecipientsOf(const Reader& r) {
  std::vector<std::string> out;
  if (!r.username.empty()) out.push_back("user:" + absl::AsciiStrToLower(r.username));
  if (!r.organisation.empty()) out.push_back("org:" + r.organisation);
  for (const auto& role : r.roles) out.push_back("role:" + role);
  for (const auto& role : r.roles) {
    if (role == "admin") out.push_back("role:validator");
  }
  return out;
}

absl::StatusOr<InboxPage> InboxService::Feed(int page_size, std::string_view page_token,
                                             const std::string& subject) {
  auto page = core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  return store_.Entries(page->limit, page->position, subject);
}

absl::StatusOr<ReaderPage> InboxService::Notifications(const Reader& reader, int page_size,
                                                       std::string_view page_token,
                                                       bool unread_only) {
  auto page = core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  const std::vector<std::string> who = RecipientsOf(reader);
  auto found = store_.Notifications(who, reader.subject, page->limit, page->position, unread_only);
  if (!found.ok()) return found.status();
  auto unread = store_.UnreadCount(who, reader.subject);
  if (!unread.ok()) return unread.status();
  return ReaderPage{*std::move(found), *unread};
}

absl::StatusOr<int> InboxService::MarkRead(const Reader& reader,
                                           const std::vector<std::string>& names, bool all) {
  if (names.size() > static_cast<size_t>(kMaxPageSize)) {
    return core::InvalidFields(
        {core::Violation("names", kTooManyNames, {std::to_string(kMaxPageSize)})});
  }
  std::vector<std::string> ids;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::optional<std::string> id = core::IdOf(names[i], "notifications/");
    if (!id || !core::IsCanonicalUuid(*id)) {
      return core::InvalidFields(
          {core::Violation("names[" + std::to_string(i) + "]", kNotificationName,
                           {std::string(core::Utf8Prefix(core::Utf8Replace(names[i]), 80))})});
    }
    ids.push_back(*id);
  }
  return store_.MarkRead(RecipientsOf(reader), reader.subject, ids, all);
}

}  // namespace atlas::notify
