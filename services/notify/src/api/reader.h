// The caller as the notify domain sees it.
#ifndef ATLAS_NOTIFY_API_READER_H_
#define ATLAS_NOTIFY_API_READER_H_

#include "atlas/rpc/authorize.h"
#include "notify/domain/inbox.h"

namespace atlas::notify {

inline Reader ReaderOf(const rpc::Caller& c) {
  return {.subject = c.subject,
          .username = c.username,
          .organisation = c.OrganisationId(),
          .roles = c.roles};
}

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_API_READER_H_
