// gRPC adapter for atlas.notify.v1.NotifyService: proto <-> domain.
#ifndef ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_
#define ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_

#include "atlas/notify/v1/notify_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::notify {

class InboxService;

class NotifyServiceImpl final : public atlas::notify::v1::NotifyService::CallbackService {
 public:
  NotifyServiceImpl(InboxService& inbox, rpc::Authorizer& authz) : inbox_(inbox), authz_(authz) {}
  grpc::ServerUnaryReactor* ListInboxEntries(grpc::CallbackServerContext* ctx,
                                             const v1::ListInboxEntriesRequest* req,
                                             v1::ListInboxEntriesResponse* resp) override;
  grpc::ServerUnaryReactor* ListNotifications(grpc::CallbackServerContext* ctx,
                                              const v1::ListNotificationsRequest* req,
                                              v1::ListNotificationsResponse* resp) override;
  grpc::ServerUnaryReactor* MarkNotificationsRead(grpc::CallbackServerContext* ctx,
                                                  const v1::MarkNotificationsReadRequest* req,
                                                  v1::MarkNotificationsReadResponse* resp) override;

 private:
  InboxService& inbox_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_
