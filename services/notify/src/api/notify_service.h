// gRPC adapter for atlas.notify.v1.NotifyService: proto <-> domain.
#ifndef ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_
#define ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_

#include "atlas/notify/v1/notify_service.grpc.pb.h"

namespace atlas::rpc {
class Authorizer;
}

namespace atlas::notify {

class InboxService;
class SubscriptionService;

class NotifyServiceImpl final : public atlas::notify::v1::NotifyService::CallbackService {
 public:
  NotifyServiceImpl(InboxService& inbox, SubscriptionService& subscriptions, rpc::Authorizer& authz)
      : inbox_(inbox), subscriptions_(subscriptions), authz_(authz) {}
  grpc::ServerUnaryReactor* ListInboxEntries(grpc::CallbackServerContext* ctx,
                                             const v1::ListInboxEntriesRequest* req,
                                             v1::ListInboxEntriesResponse* resp) override;
  grpc::ServerUnaryReactor* ListNotifications(grpc::CallbackServerContext* ctx,
                                              const v1::ListNotificationsRequest* req,
                                              v1::ListNotificationsResponse* resp) override;
  grpc::ServerUnaryReactor* MarkNotificationsRead(grpc::CallbackServerContext* ctx,
                                                  const v1::MarkNotificationsReadRequest* req,
                                                  v1::MarkNotificationsReadResponse* resp) override;

  grpc::ServerUnaryReactor* ListSubscriptions(grpc::CallbackServerContext* ctx,
                                              const v1::ListSubscriptionsRequest* req,
                                              v1::ListSubscriptionsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateSubscription(grpc::CallbackServerContext* ctx,
                                               const v1::CreateSubscriptionRequest* req,
                                               v1::Subscription* resp) override;
  grpc::ServerUnaryReactor* UpdateSubscription(grpc::CallbackServerContext* ctx,
                                               const v1::UpdateSubscriptionRequest* req,
                                               v1::Subscription* resp) override;
  grpc::ServerUnaryReactor* DeleteSubscription(grpc::CallbackServerContext* ctx,
                                               const v1::DeleteSubscriptionRequest* req,
                                               v1::DeleteSubscriptionResponse* resp) override;
  grpc::ServerUnaryReactor* Unsubscribe(grpc::CallbackServerContext* ctx,
                                        const v1::UnsubscribeRequest* req,
                                        v1::UnsubscribeResponse* resp) override;
  grpc::ServerUnaryReactor* CreateWebhookEndpoint(grpc::CallbackServerContext* ctx,
                                                  const v1::CreateWebhookEndpointRequest* req,
                                                  v1::WebhookEndpoint* resp) override;
  grpc::ServerUnaryReactor* ListWebhookEndpoints(grpc::CallbackServerContext* ctx,
                                                 const v1::ListWebhookEndpointsRequest* req,
                                                 v1::ListWebhookEndpointsResponse* resp) override;
  grpc::ServerUnaryReactor* RotateWebhookSecret(grpc::CallbackServerContext* ctx,
                                                const v1::RotateWebhookSecretRequest* req,
                                                v1::WebhookEndpoint* resp) override;
  grpc::ServerUnaryReactor* DeleteWebhookEndpoint(grpc::CallbackServerContext* ctx,
                                                  const v1::DeleteWebhookEndpointRequest* req,
                                                  v1::DeleteWebhookEndpointResponse* resp) override;
  grpc::ServerUnaryReactor* ListDeliveries(grpc::CallbackServerContext* ctx,
                                           const v1::ListDeliveriesRequest* req,
                                           v1::ListDeliveriesResponse* resp) override;
  grpc::ServerUnaryReactor* RetryDelivery(grpc::CallbackServerContext* ctx,
                                          const v1::RetryDeliveryRequest* req,
                                          v1::Delivery* resp) override;

 private:
  InboxService& inbox_;
  SubscriptionService& subscriptions_;
  rpc::Authorizer& authz_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_API_NOTIFY_SERVICE_H_
