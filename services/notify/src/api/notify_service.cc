// NotifyService handlers.
#include "api/notify_service.h"

#include "absl/strings/ascii.h"
#include "atlas/core/ids.h"
#include "atlas/core/log.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
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

namespace {

constexpr core::Text kTooManyNames = {"at most {0} names at a time", "au plus {0} noms à la fois",
                                      "{0} اسما على الأكثر في كل مرة"};
constexpr core::Text kNotificationName = {
    "«{0}» is not a notification name (notifications/{uuid})",
    "« {0} » n'est pas un nom de notification (notifications/{uuid})",
    "«{0}» ليس اسم إشعار (notifications/{uuid})"};

// Whom a caller is, for notifications: their handle, organisation and roles
// (an administrator also sees what awaits validators).
std::vector<std::string> Recipients(const rpc::Caller& caller) {
  std::vector<std::string> out;
  if (!caller.username.empty()) out.push_back("user:" + absl::AsciiStrToLower(caller.username));
  if (const std::string org = caller.OrganisationId(); !org.empty()) out.push_back("org:" + org);
  for (const auto& role : caller.roles) out.push_back("role:" + role);
  if (caller.HasRole("admin")) out.push_back("role:validator");
  return out;
}

}  // namespace

grpc::ServerUnaryReactor* NotifyServiceImpl::ListNotifications(
    grpc::CallbackServerContext* ctx, const v1::ListNotificationsRequest* req,
    v1::ListNotificationsResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.notify.v1.NotifyService.ListNotifications");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req->page_size(), req->page_token(), kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return rpc::Finish(ctx, page.status());
  const std::vector<std::string> who = Recipients(*caller);
  auto found = notify::ListNotifications(pool_, who, caller->subject, page->limit, page->position,
                                         req->unread_only());
  if (!found.ok()) return rpc::Finish(ctx, found.status());
  auto unread = UnreadCount(pool_, who, caller->subject);
  if (!unread.ok()) return rpc::Finish(ctx, unread.status());
  for (const auto& n : found->items) {
    auto* out = resp->add_notifications();
    out->set_name("notifications/" + n.entry.id);
    out->set_event_type(n.entry.event_type);
    out->set_subject(n.entry.subject);
    out->set_label(n.entry.label);
    out->set_summary(n.entry.summary);
    rpc::SetTimestamp(n.entry.create_time_us, out->mutable_create_time());
    out->set_read(n.read);
  }
  resp->set_next_page_token(core::NextPageToken(*found));
  resp->set_unread_count(*unread);
  return rpc::Finish(ctx, absl::OkStatus());
}

grpc::ServerUnaryReactor* NotifyServiceImpl::MarkNotificationsRead(
    grpc::CallbackServerContext* ctx, const v1::MarkNotificationsReadRequest* req,
    v1::MarkNotificationsReadResponse* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  auto caller = authz_.Check(ctx, "atlas.notify.v1.NotifyService.MarkNotificationsRead");
  if (!caller.ok()) return rpc::Finish(ctx, caller.status());
  if (req->names_size() > kMaxPageSize) {
    return rpc::Finish(ctx, core::InvalidFields({core::Violation("names", kTooManyNames,
                                                                 {std::to_string(kMaxPageSize)})}));
  }
  std::vector<std::string> ids;
  for (int i = 0; i < req->names_size(); ++i) {
    const std::string& name = req->names(i);
    std::string id = name.rfind("notifications/", 0) == 0 ? name.substr(14) : "";
    if (!core::IsCanonicalUuid(id)) {
      return rpc::Finish(
          ctx, core::InvalidFields({core::Violation("names[" + std::to_string(i) + "]",
                                                    kNotificationName, {name.substr(0, 80)})}));
    }
    ids.push_back(std::move(id));
  }
  auto unread = MarkRead(pool_, Recipients(*caller), caller->subject, ids, req->all());
  if (!unread.ok()) return rpc::Finish(ctx, unread.status());
  resp->set_unread_count(*unread);
  return rpc::Finish(ctx, absl::OkStatus());
}

}  // namespace atlas::notify
