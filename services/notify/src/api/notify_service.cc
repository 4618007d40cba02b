// NotifyService handlers.
#include "notify/api/notify_service.h"

#include "atlas/core/paging.h"
#include "atlas/rpc/handler.h"
#include "notify/api/reader.h"
#include "notify/domain/inbox_service.h"

namespace atlas::notify {
grpc::ServerUnaryReactor* NotifyServiceImpl::ListInboxEntries(
    grpc::CallbackServerContext* ctx, const v1::ListInboxEntriesRequest* req,
    v1::ListInboxEntriesResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.notify.v1.NotifyService.ListInboxEntries",
                    [&](const rpc::Caller&) -> absl::Status {
                      auto found = inbox_.Feed(req->page_size(), req->page_token(), req->subject());
                      if (!found.ok()) return found.status();
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
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::ListNotifications(
    grpc::CallbackServerContext* ctx, const v1::ListNotificationsRequest* req,
    v1::ListNotificationsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.notify.v1.NotifyService.ListNotifications",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto found = inbox_.Notifications(ReaderOf(caller), req->page_size(),
                                                        req->page_token(), req->unread_only());
                      if (!found.ok()) return found.status();
                      for (const auto& n : found->page.items) {
                        auto* out = resp->add_notifications();
                        out->set_name("notifications/" + n.entry.id);
                        out->set_event_type(n.entry.event_type);
                        out->set_subject(n.entry.subject);
                        out->set_label(n.entry.label);
                        out->set_summary(n.entry.summary);
                        rpc::SetTimestamp(n.entry.create_time_us, out->mutable_create_time());
                        out->set_read(n.read);
                      }
                      resp->set_next_page_token(core::NextPageToken(found->page));
                      resp->set_unread_count(found->unread);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* NotifyServiceImpl::MarkNotificationsRead(
    grpc::CallbackServerContext* ctx, const v1::MarkNotificationsReadRequest* req,
    v1::MarkNotificationsReadResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.notify.v1.NotifyService.MarkNotificationsRead",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      auto unread = inbox_.MarkRead(
                          ReaderOf(caller),
                          std::vector<std::string>(req->names().begin(), req->names().end()),
                          req->all());
                      if (!unread.ok()) return unread.status();
                      resp->set_unread_count(*unread);
                      return absl::OkStatus();
                    });
}

}  // namespace atlas::notify
