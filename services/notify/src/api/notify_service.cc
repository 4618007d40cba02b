// NotifyService handlers.
#include "api/notify_service.h"

#include "atlas/core/log.h"
#include "atlas/core/paging.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"
#include "store/pg_inbox_store.h"

namespace atlas::notify {

grpc::ServerUnaryReactor* NotifyServiceImpl::ListInboxEntries(
    grpc::CallbackServerContext* ctx, const v1::ListInboxEntriesRequest* req,
    v1::ListInboxEntriesResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  if (auto caller = authz_.Check(ctx, "atlas.notify.v1.NotifyService.ListInboxEntries");
      !caller.ok()) {
    return rpc::Finish(ctx, caller.status());
  }
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req->page_size(), req->page_token(), kDefaultPageSize, kMaxPageSize);
  absl::Status s = page.status();
  if (s.ok()) {
    absl::StatusOr<InboxPage> found =
        ListEntries(pool_, page->limit, page->position, req->subject());
    s = found.status();
    if (found.ok()) {
      for (const auto& e : found->items) {
        auto* out = resp->add_entries();
        out->set_name("inboxEntries/" + e.id);
        out->set_event_id(e.event_id);
        out->set_event_type(e.event_type);
        out->set_subject(e.subject);
        out->set_summary(e.summary);
        rpc::SetTimestamp(e.create_time_us, out->mutable_create_time());
      }
      resp->set_next_page_token(core::NextPageToken(*found));
    }
  }
  return rpc::Finish(ctx, s);
}

}  // namespace atlas::notify
