// The inbox: one entry per event that concerns someone, and whom it concerns.
#ifndef ATLAS_NOTIFY_DOMAIN_INBOX_H_
#define ATLAS_NOTIFY_DOMAIN_INBOX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "atlas/core/paging.h"

namespace atlas::notify {

struct InboxEntry {
  std::string id = {};
  std::string event_id = {}, event_source = {}, event_type = {}, subject = {}, summary = {};
  int64_t create_time_us = 0;
  std::string label = {};                    // project title or comment excerpt
  std::vector<std::string> recipients = {};  // user:<name>, org:<id>, role:<role>
  // An organisation id: only its people and the ministry's staff (validators,
  // analysts, admins) are shown the entry, whoever it names; "" = its
  // recipients. A mention in a project's dialogue is for the dialogue's own.
  std::string audience = {};
  std::string kind = {};  // subscriptions' event kind (subscription.h), "" if none
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

// Who reads notifications: their handle, organisation id and roles, as their
// token says.
struct Reader {
  std::string subject;       // users/{id}
  std::string username;      // "" for service accounts
  std::string organisation;  // id, "" if none
  std::vector<std::string> roles;
};

// The recipient keys that designate `reader`: user:<handle>, org:<id>,
// role:<role> (an administrator also sees what awaits validators).
std::vector<std::string> RecipientsOf(const Reader& reader);

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_DOMAIN_INBOX_H_
